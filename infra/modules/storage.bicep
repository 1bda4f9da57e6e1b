// One storage account for the pipeline's data (queues, tables) and for the Functions host (timer locks,
// deployment packages). Identity-only: shared keys are off, so no connection string with a key exists, and
// the identity reaches it through the three data roles granted here, scoped to this account only.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Object id of the function app identity, granted the storage data roles on this account.')
param identityPrincipalId string

@description('Name of the blob container that holds the function app\'s deployment packages.')
param deploymentContainerName string

@description('Queues: the intake queues, the revocation work queue, and the poison queue of each.')
param queueNames array

@description('Tables: ledger, indexes, people, rejections, sweeps, denials.')
param tableNames array

@description('Object ids of the operators (revctl: revoke, sweep, replay poison): Table and Queue Data Contributor here.')
param operatorPrincipalIds array = []

@description('Object ids of the auditors (revctl: tokens, ledger verify/export, report, poison list): Table and Queue Data Reader here.')
param auditorPrincipalIds array = []

@description('Principal type of the operator and auditor object ids.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param accessPrincipalType string = 'Group'

// Storage Blob Data Owner: host storage (timer leases, keys container) and the deployment container.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Queue Data Contributor: triggers read/delete messages and move failures to <queue>-poison.
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// Storage Table Data Contributor: the ledger, token state and indexes.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// People (revctl with az login): readers see the ledger, token state and the messages on the poison queues.
var storageTableDataReaderRoleId = '76199698-9eea-4c19-bc75-cec21354c6b6'
var storageQueueDataReaderRoleId = '19e7f393-937e-4f77-808e-94535e297925'

var dataRoleIds = [
  storageBlobDataOwnerRoleId
  storageQueueDataContributorRoleId
  storageTableDataContributorRoleId
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoleIds: {
    name: guid(storage.id, identityPrincipalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// One loop per role and list: one assignment per object id, none when a list is empty.
resource operatorTableRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in operatorPrincipalIds: {
    name: guid(storage.id, principalId, storageTableDataContributorRoleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
      principalId: principalId
      principalType: accessPrincipalType
    }
  }
]

resource operatorQueueRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in operatorPrincipalIds: {
    name: guid(storage.id, principalId, storageQueueDataContributorRoleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributorRoleId)
      principalId: principalId
      principalType: accessPrincipalType
    }
  }
]

resource auditorTableRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in auditorPrincipalIds: {
    name: guid(storage.id, principalId, storageTableDataReaderRoleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataReaderRoleId)
      principalId: principalId
      principalType: accessPrincipalType
    }
  }
]

resource auditorQueueRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in auditorPrincipalIds: {
    name: guid(storage.id, principalId, storageQueueDataReaderRoleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataReaderRoleId)
      principalId: principalId
      principalType: accessPrincipalType
    }
  }
]

@description('Resource id of the storage account.')
output id string = storage.id

@description('Name of the storage account.')
output name string = storage.name

@description('Blob service endpoint (https://<account>.blob.<suffix>/).')
output blobServiceUri string = storage.properties.primaryEndpoints.blob

@description('Queue service endpoint.')
output queueServiceUri string = storage.properties.primaryEndpoints.queue

@description('Table service endpoint.')
output tableServiceUri string = storage.properties.primaryEndpoints.table

@description('URL of the deployment package container.')
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
