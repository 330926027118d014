// Key Vault (Azure RBAC authorization) holding device credentials and the bot's own secrets.
//   worker:   Key Vault Secrets User on the vault (resolves inventory credential_ref secrets)
//   bot:      Key Vault Secrets User on individual secrets only (Slack signing secret / bot token,
//             SingleTenant app password) - never on the vault, so it cannot read device secrets
//   deployer: Key Vault Secrets Officer on the vault (optional) to store device credentials

@description('Vault name (3-24 alphanumerics and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

param location string = resourceGroup().location
param tags object = {}

@description('Principal id of the worker\'s managed identity (vault-wide Key Vault Secrets User).')
param workerPrincipalId string

@description('Principal id of the bot\'s managed identity.')
param botPrincipalId string

@description('Names of secrets the bot may read (they must already exist in the vault). Empty by default.')
param botSecretNames string[] = []

@description('Object id of the user or service principal running azd; granted Key Vault Secrets Officer. Empty to skip.')
param deployerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param deployerPrincipalType string = 'User'

@description('Purge protection cannot be turned off once on; leave false for disposable environments.')
param enablePurgeProtection bool = false

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource workerSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, workerPrincipalId, secretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource botSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [
  for secretName in botSecretNames: {
    parent: vault
    name: secretName
  }
]

resource botSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (secretName, i) in botSecretNames: {
    name: guid(vault.id, secretName, botPrincipalId, secretsUserRoleId)
    scope: botSecrets[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
      principalId: botPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, secretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
