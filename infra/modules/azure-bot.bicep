// Azure Bot resource with the Microsoft Teams channel; its messaging endpoint is the bot
// Container App's /api/messages. Slack talks to the app's /slack/* endpoints directly.

@description('Bot handle (globally unique, 2-64 characters).')
@minLength(2)
@maxLength(64)
param name string

param tags object = {}

param displayName string = 'ChatNetOps'

@description('HTTPS messaging endpoint, https://<bot app fqdn>/api/messages.')
param messagingEndpoint string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param appType string

@description('Client id of the bot identity (UserAssignedMSI) or of the Entra app registration (SingleTenant).')
param appId string

@description('UserAssignedMSI only: resource id of the bot\'s managed identity.')
param appIdentityResourceId string = ''

@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppType: appType
    msaAppId: appId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? appIdentityResourceId : null
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
output appId string = appId
output messagingEndpoint string = messagingEndpoint
