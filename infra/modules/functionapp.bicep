// Flex Consumption (FC1, Linux) plan and the function app, .NET 10 isolated worker.
// On Flex the runtime lives in functionAppConfig.runtime: FUNCTIONS_WORKER_RUNTIME, linuxFxVersion and
// WEBSITE_RUN_FROM_PACKAGE must not be set. Every connection is identity-based with the user-assigned
// identity; no setting holds a key.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the site.')
param tags object

@description('azd service name; the site is tagged azd-service-name with it so `azd deploy` finds it.')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Blob service endpoint of the storage account.')
param blobServiceUri string

@description('Queue service endpoint of the storage account.')
param queueServiceUri string

@description('Table service endpoint of the storage account.')
param tableServiceUri string

@description('URL of the blob container that holds deployment packages.')
param deploymentContainerUrl string

@description('URI of the key vault.')
param keyVaultUri string

@description('Name of the Application Insights component (same resource group).')
param applicationInsightsName string

@description('Six-field NCRONTAB schedule of the sweep timer, UTC.')
param sweepSchedule string

@description('Reconciliation timer schedule (six-field NCRONTAB, UTC).')
param reconcileSchedule string

@description('Maximum number of instances the app scales out to.')
param maximumInstanceCount int

@description('Memory of each instance in MB.')
param instanceMemoryMB int

@description('Client id of the Entra ID app registration that callers of the HTTP API (POST /api/decisions) get tokens for. Empty: App Service authentication stays off and function keys alone protect the API.')
param apiAuthClientId string = ''

@description('Client ids of the applications (gateways, brokers, agent runtimes) allowed to call the API when App Service authentication is on. Empty: any application of the tenant with a token for the API.')
param apiAuthAllowedApplications array = []

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      alwaysOn: false
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting the app reads in Azure. The names match local.settings.sample.json (a test compares them):
// a local `Conn` connection string becomes `Conn__serviceUri`-style settings with the identity here.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Functions host storage (timer leases, host state): identity-based, blob + queue + table.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: blobServiceUri
    AzureWebJobsStorage__queueServiceUri: queueServiceUri
    AzureWebJobsStorage__tableServiceUri: tableServiceUri
    // The pipeline's queues (triggers and producers) and tables.
    RevocationStorage__queueServiceUri: queueServiceUri
    RevocationStorage__tableServiceUri: tableServiceUri
    RevocationStorage__credential: 'managedidentity'
    RevocationStorage__clientId: identityClientId
    // Sweep timer schedule, read by the trigger as %SweepSchedule%.
    SweepSchedule: sweepSchedule
    // Reconciliation timer schedule, read by the trigger as %ReconcileSchedule%.
    ReconcileSchedule: reconcileSchedule
    // The reviewed policy file, deployed with the app.
    Revocation__PolicyFile: 'policies.json'
    // Provider secrets and token values.
    KeyVault__vaultUri: keyVaultUri
    KeyVault__credential: 'managedidentity'
    KeyVault__clientId: identityClientId
    // Microsoft Graph provider: the identity's token for https://graph.microsoft.com/.default.
    Graph__credential: 'managedidentity'
    Graph__clientId: identityClientId
    // Telemetry with Entra ID authentication (local auth is disabled on the component).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  }
}

// App Service authentication (Entra ID) in front of the HTTP triggers, on top of their function keys: a request without
// a valid Entra ID token for the API's app registration is answered 401 before it reaches the app (docs/deploy.md).
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = if (!empty(apiAuthClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      // Partners' transmitters live in other tenants and cannot get our Entra tokens: a SET authenticates by its
      // signature against the policy's registered keys, behind the function key (docs/partners.md).
      excludedPaths: [
        '/api/signals'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiAuthClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${apiAuthClientId}'
            apiAuthClientId
          ]
          defaultAuthorizationPolicy: {
            allowedApplications: apiAuthAllowedApplications
          }
        }
      }
    }
  }
}

// No basic-auth (publishing profile) deployment: azd and the CLI deploy with an Entra ID token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Resource id of the function app.')
output id string = site.id

@description('Name of the function app.')
output name string = site.name

@description('Default host name of the function app.')
output defaultHostName string = site.properties.defaultHostName
