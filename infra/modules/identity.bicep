// The user-assigned managed identity the function app runs as. Every data-plane role is granted to it,
// never to a system identity, so the grants survive re-creating the site and the same client id can be
// named in the app settings (`<Connection>__clientId`).

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) id, used as `<Connection>__clientId` by the app.')
output clientId string = identity.properties.clientId

@description('Object id of the identity\'s service principal, the principal of its role assignments.')
output principalId string = identity.properties.principalId
