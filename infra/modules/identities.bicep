// One user-assigned managed identity per app, plus one for the worker's KEDA scale rule.
// Each app's code authenticates with its own identity (AZURE_CLIENT_ID); data-plane roles are
// granted by the resource modules (registry, cosmos, servicebus, keyvault).

param botIdentityName string
param workerIdentityName string

@description('Identity used only by the worker\'s KEDA Service Bus scale rule to read the jobs queue length.')
param scalerIdentityName string

param location string = resourceGroup().location
param tags object = {}

resource botIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: botIdentityName
  location: location
  tags: tags
}

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: workerIdentityName
  location: location
  tags: tags
}

resource scalerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: scalerIdentityName
  location: location
  tags: tags
}

output botIdentityId string = botIdentity.id
output botIdentityName string = botIdentity.name
output botPrincipalId string = botIdentity.properties.principalId
output botClientId string = botIdentity.properties.clientId

output workerIdentityId string = workerIdentity.id
output workerIdentityName string = workerIdentity.name
output workerPrincipalId string = workerIdentity.properties.principalId
output workerClientId string = workerIdentity.properties.clientId

output scalerIdentityId string = scalerIdentity.id
output scalerPrincipalId string = scalerIdentity.properties.principalId
