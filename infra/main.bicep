// Revocation pipeline: production deployment to one resource group.
//
//   user-assigned identity ─┬─ Storage (identity-only: queues, tables, deployment container)
//                           ├─ Flex Consumption function app (.NET 10 isolated)
//                           ├─ Application Insights (local auth off) on Log Analytics
//                           └─ Key Vault (RBAC, purge protection)
//   alerts: poison messages, revocation failures, tripped sweep guard, function failures -> e-mail
//
// Deploy with `azd up`, or `az deployment group create` (docs/deploy.md).
targetScope = 'resourceGroup'

@description('Name of the environment (azd AZURE_ENV_NAME), used in resource names and the azd-env-name tag.')
@minLength(1)
@maxLength(24)
param environmentName string

@description('Azure region of every resource (Flex Consumption must be available there).')
param location string = resourceGroup().location

@description('E-mail address of the operators who receive the alerts.')
@minLength(3)
param alertEmail string

@description('Six-field NCRONTAB schedule (UTC) of the sweep timer; the SweepSchedule app setting.')
param sweepSchedule string = '0 */5 * * * *'

@description('Six-field NCRONTAB schedule (UTC) of the reconciliation timer (listing the providers that can list); the ReconcileSchedule app setting.')
param reconcileSchedule string = '0 7 * * * *'

@description('Maximum number of instances the function app scales out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Public network access to the key vault. Disable only with private networking in place.')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('Entra ID object ids of the operators who run revctl against the storage (revoke, sweep, poison replay): Storage Table and Queue Data Contributor on the account. Empty: none.')
param operatorPrincipalIds array = []

@description('Entra ID object ids of the auditors (revctl tokens, ledger verify/export, report, poison list): Storage Table and Queue Data Reader on the account. Empty: none.')
param auditorPrincipalIds array = []

@description('Principal type of the operator and auditor object ids (a Group is easiest to keep current).')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param accessPrincipalType string = 'Group'

@description('azd service name of the function app (azure.yaml); the site is tagged azd-service-name with it.')
param serviceName string = 'revocation'

@description('Entra ID app registration (client id) for the HTTP API: set it to turn on App Service authentication in front of POST /api/decisions (callers then need an Entra ID token for it as well as a function key). Empty (default): function keys only. docs/deploy.md')
param apiAuthClientId string = ''

@description('Client ids of the applications allowed to call the HTTP API when apiAuthClientId is set (empty: any application of the tenant).')
param apiAuthAllowedApplications array = []

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  workload: 'nhi-token-revocation'
}

// Queue names stay <= 56 characters so the host can create <queue>-poison. The poison queues are created
// up front so operators and alerts see them before the first failure.
var intakeQueueNames = [
  'token-events'
  'identity-events'
  'revocations'
]
var queueNames = concat(intakeQueueNames, map(intakeQueueNames, q => '${q}-poison'))
var tableNames = [
  'ledger'
  'dueindex'
  'personindex'
  'people'
  'rejections'
  'sweeps'
  'denials'
  'sliceindex'
  'incidents'
  'posture'
]
var deploymentContainerName = 'deployment-packages'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${environmentName}-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${environmentName}-${resourceToken}'
    applicationInsightsName: 'appi-${environmentName}-${resourceToken}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    deploymentContainerName: deploymentContainerName
    queueNames: queueNames
    tableNames: tableNames
    operatorPrincipalIds: operatorPrincipalIds
    auditorPrincipalIds: auditorPrincipalIds
    accessPrincipalType: accessPrincipalType
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    publicNetworkAccess: keyVaultPublicNetworkAccess
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: 'plan-${environmentName}-${resourceToken}'
    name: 'func-${environmentName}-${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    keyVaultUri: keyVault.outputs.uri
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    sweepSchedule: sweepSchedule
    reconcileSchedule: reconcileSchedule
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    apiAuthClientId: apiAuthClientId
    apiAuthAllowedApplications: apiAuthAllowedApplications
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: '${environmentName}-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmail: alertEmail
  }
}

// Outputs become azd environment values (`azd env get-values`). None is a secret: no keys, no
// connection strings.
@description('Azure region of the deployment.')
output AZURE_LOCATION string = location

@description('Entra ID tenant of the subscription.')
output AZURE_TENANT_ID string = subscription().tenantId

@description('Resource group of the deployment.')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Name of the storage account (queues, tables, deployment packages).')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Resource id of the storage account, the scope prefix of per-queue role assignments.')
output AZURE_STORAGE_ACCOUNT_ID string = storage.outputs.id

@description('Queue service endpoint, where publishers send intake events.')
output AZURE_STORAGE_QUEUE_SERVICE_URI string = storage.outputs.queueServiceUri

@description('Table service endpoint (ledger and token state).')
output AZURE_STORAGE_TABLE_SERVICE_URI string = storage.outputs.tableServiceUri

@description('Name of the key vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('URI of the key vault.')
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri

@description('Client id of the function app\'s user-assigned identity.')
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Object (principal) id of the identity\'s service principal, for Entra ID grants.')
output AZURE_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
