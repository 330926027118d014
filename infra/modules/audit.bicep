// Anchoring of the audit trail (README "What the audit trail protects against"):
//   - a storage account whose container 'audit-checkpoints' has version-level immutability (WORM) with a default
//     time-based retention: a checkpoint blob, once written, cannot be overwritten or deleted until it expires, by
//     anyone, the account's owners included, once the policy is locked (az storage container immutability-policy lock;
//     an unlocked policy can still be removed by the account's owners). Shared keys are off: only Entra identities.
//   - bot and worker: Storage Blob Data Contributor on that container only (they append checkpoints; the sink creates
//     each blob with If-None-Match: * and never overwrites).
//   - the checkpoint key: Key Vault secret 'audit-checkpoint-key' (random, 64 characters). The worker reads it through
//     its vault-wide Key Vault Secrets User role; the bot gets Key Vault Secrets User on this secret only. Nobody with
//     access to Cosmos DB only can read it. Each deployment writes a new version; every version still verifies the
//     checkpoints it made (their key id names the version).

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

param location string = resourceGroup().location
param tags object = {}

@description('Key Vault that holds the checkpoint key.')
param keyVaultName string

@description('Principal id of the bot\'s managed identity.')
param botPrincipalId string

@description('Principal id of the worker\'s managed identity.')
param workerPrincipalId string

@description('Days each checkpoint blob is kept immutable.')
@minValue(1)
@maxValue(146000)
param retentionDays int = 2557

@description('The checkpoint key\'s value; a fresh random one by default (a new secret version per deployment).')
@secure()
param checkpointKey string = '${newGuid()}${newGuid()}'

var containerName = 'audit-checkpoints'
var keySecretName = 'audit-checkpoint-key'
var blobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

resource retention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: container
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: retentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

resource botWrites 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, botPrincipalId, blobDataContributorRoleId)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: botPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerWrites 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, workerPrincipalId, blobDataContributorRoleId)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource key 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: keySecretName
  properties: {
    value: checkpointKey
    contentType: 'chatnetops audit checkpoint key (HMAC-SHA256)'
  }
}

resource botReadsKey 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(key.id, botPrincipalId, secretsUserRoleId)
  scope: key
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: botPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output blobServiceUri string = account.properties.primaryEndpoints.blob
output containerName string = containerName
output keySecretName string = keySecretName
