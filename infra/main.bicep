// ChatNetOps on Azure: `azd up` entry point (subscription scope).
//
//   Teams -> Azure Bot (Teams channel) -> bot Container App (/api/messages, /slack/*)
//   bot --jobs queue--> worker Container App (scales on queue length) --SSH/REST--> devices
//   worker --results queue--> bot;  both -> Cosmos DB (state) and Application Insights
//   worker -> Key Vault (device credentials)
//   bot -> ServiceNow / Jira / a webhook (change records; credentials as Key Vault references)
//
// Parameters come from main.parameters.json (azd substitutes ${AZURE_*} and other env values).
// Validated offline by infra/validate.sh (bicep build + bicep lint, zero warnings).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; prefixes the resource group and is tagged on every resource.')
param environmentName string

@minLength(1)
@description('Azure region for all resources (the Azure Bot itself is global).')
param location string

@description('Object id of the user or service principal running azd (AZURE_PRINCIPAL_ID); granted Key Vault Secrets Officer so it can store device credentials. Empty to skip.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Set by azd (SERVICE_BOT_RESOURCE_EXISTS) once the bot app exists, so re-provisioning keeps its image.')
param botExists bool = false

@description('Set by azd (SERVICE_WORKER_RESOURCE_EXISTS) once the worker app exists, so re-provisioning keeps its image.')
param workerExists bool = false

@description('Bot identity type: UserAssignedMSI (no secret; MicrosoftAppId is the bot identity\'s client id) or SingleTenant (an Entra app registration you create; its client secret goes in Key Vault).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: client id of the Entra app registration.')
param botAppId string = ''

@description('SingleTenant only: name of the Key Vault secret holding the app registration\'s client secret (must exist before provisioning).')
param botAppPasswordSecretName string = 'microsoft-app-password'

@description('Azure Bot pricing tier (F0 free: standard channels such as Teams are free on both).')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Cosmos DB capacity mode: serverless (default) or provisioned autoscale on the database.')
param cosmosServerless bool = true

@description('Autoscale max RU/s for the database when cosmosServerless is false.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Minimum bot replicas (at least 1: the bot consumes the results queue and answers Teams/Slack).')
@minValue(1)
param botMinReplicas int = 1

@minValue(1)
param botMaxReplicas int = 3

@description('Minimum worker replicas; 0 scales the worker to zero while the jobs queue is empty.')
@minValue(0)
param workerMinReplicas int = 1

@minValue(1)
param workerMaxReplicas int = 5

@description('Jobs-queue messages per worker replica before KEDA scales out.')
@minValue(1)
param workerMessagesPerReplica int = 5

@description('ISO 8601 default time to live of jobs, results and chat-work messages (a message may ask for less; Slack:WorkLifetime must not exceed it); expired messages are dead-lettered.')
param messageTimeToLive string = 'P1D'

@description('Wire Slack: the bot reads the signing secret and bot token from these Key Vault secrets, which must exist before provisioning.')
param slackEnabled bool = false
param slackSigningSecretName string = 'slack-signing-secret'
param slackBotTokenName string = 'slack-bot-token'

@description('Alert endpoints (docs/alerts.md): the Key Vault secret names of each endpoint\'s secret; empty leaves that endpoint unconfigured (it answers 401). The secrets must exist before provisioning.')
param alertmanagerTokenSecretName string = ''
param grafanaSecretName string = ''
param alertWebhookSecretName string = ''

@description('Basic auth instead of (or besides) the tokens (docs/alerts.md): Alertmanager\'s http_config basic_auth, and Azure Monitor\'s plain webhook (the weaker fallback). The user names as plain settings, the passwords as Key Vault secret names; set both of a pair or neither.')
param alertmanagerUsername string = ''
param alertmanagerPasswordSecretName string = ''
param azureMonitorAlertsUsername string = ''
param azureMonitorAlertsPasswordSecretName string = ''

@description('Azure Monitor Secure Webhook: the Entra ID tenant and our app registration\'s application id URI (the token audience); empty tenant leaves the endpoint unconfigured.')
param azureMonitorAlertsTenantId string = ''
param azureMonitorAlertsAudience string = ''

@description('Turn on Key Vault purge protection (irreversible; recommended for production vaults).')
param keyVaultPurgeProtection bool = false

@description('Non-secret ChangeRecords settings (docs/change-records.md), as configuration keys below ChangeRecords. Only these keys: a secret never goes here.')
@sealed()
type changeRecordsValues = {
  Events: string?
  ServiceNow__InstanceUrl: string?
  ServiceNow__Username: string?
  ServiceNow__ClientId: string?
  ServiceNow__AssignmentGroup: string?
  ServiceNow__ChangeType: ('emergency' | 'normal' | 'standard')?
  ServiceNow__StandardTemplate: string?
  ServiceNow__TableApiOnly: ('true' | 'false')?
  ServiceNow__CloseState: string?
  ServiceNow__PlannedDuration: string?
  Jira__BaseUrl: string?
  Jira__Email: string?
  Jira__Project: string?
  Jira__IssueType: string?
  Jira__CloseTransition: string?
  Webhook__Url: string?
}

@description('The ChangeRecords secrets: for each, the NAME of the Key Vault secret holding it (it must exist before provisioning). The apps read them as Key Vault references, never as plain settings.')
@sealed()
type changeRecordsSecretNames = {
  ServiceNow__Password: string?
  ServiceNow__ClientSecret: string?
  Jira__ApiToken: string?
  Jira__BearerToken: string?
  Webhook__Secret: string?
}

@description('Which ticket system the bot feeds (None, ServiceNow, Jira or Webhook), its settings, and the Key Vault secret names of its credentials.')
@sealed()
type changeRecordsSettings = {
  sink: 'None' | 'ServiceNow' | 'Jira' | 'Webhook'
  settings: changeRecordsValues?
  secretNames: changeRecordsSecretNames?
}

@description('Change records (docs/change-records.md): the sink, its settings and the Key Vault secret names of its credentials; both apps get them (the worker queues events, the bot delivers them).')
param changeRecords changeRecordsSettings = { sink: 'None' }

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var databaseName = 'chatnetops'
var jobsQueueName = 'jobs'
var resultsQueueName = 'results'
var chatWorkQueueName = 'chat-work'

var alertSecretNames = filter([alertmanagerTokenSecretName, grafanaSecretName, alertWebhookSecretName, alertmanagerPasswordSecretName, azureMonitorAlertsPasswordSecretName], n => !empty(n))

// ChangeRecords__* for both apps: plain settings as values, secrets as Key Vault references (container app secrets).
var changeRecordsEnv = concat(
  [{ name: 'ChangeRecords__Sink', value: changeRecords.sink }],
  map(filter(items(changeRecords.?settings ?? {}), s => !empty(s.value)), s => { name: 'ChangeRecords__${s.key}', value: s.value })
)
var changeRecordsSecrets = map(filter(items(changeRecords.?secretNames ?? {}), s => !empty(s.value)), s => {
  secret: 'change-records-${toLower(replace(s.key, '__', '-'))}'
  vault: s.value
  env: 'ChangeRecords__${s.key}'
})

var botSecretNames = concat(
  slackEnabled ? [slackSigningSecretName, slackBotTokenName] : [],
  alertSecretNames,
  botAppType == 'SingleTenant' ? [botAppPasswordSecretName] : [],
  map(changeRecordsSecrets, s => s.vault)
)

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module identities 'modules/identities.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    botIdentityName: '${abbrs.managedIdentityUserAssignedIdentities}bot-${resourceToken}'
    workerIdentityName: '${abbrs.managedIdentityUserAssignedIdentities}worker-${resourceToken}'
    scalerIdentityName: '${abbrs.managedIdentityUserAssignedIdentities}scaler-${resourceToken}'
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
    location: location
    tags: tags
    pullPrincipalIds: [
      identities.outputs.botPrincipalId
      identities.outputs.workerPrincipalId
    ]
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    accountName: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    databaseName: databaseName
    serverless: cosmosServerless
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataContributorPrincipalIds: [
      identities.outputs.botPrincipalId
      identities.outputs.workerPrincipalId
    ]
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    namespaceName: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    jobsQueueName: jobsQueueName
    resultsQueueName: resultsQueueName
    chatWorkQueueName: chatWorkQueueName
    messageTimeToLive: messageTimeToLive
    botPrincipalId: identities.outputs.botPrincipalId
    workerPrincipalId: identities.outputs.workerPrincipalId
    scalerPrincipalId: identities.outputs.scalerPrincipalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    workerPrincipalId: identities.outputs.workerPrincipalId
    botPrincipalId: identities.outputs.botPrincipalId
    botSecretNames: botSecretNames
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    enablePurgeProtection: keyVaultPurgeProtection
  }
}

module audit 'modules/audit.bicep' = {
  name: 'audit'
  scope: rg
  params: {
    storageAccountName: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    keyVaultName: keyVault.outputs.name
    botPrincipalId: identities.outputs.botPrincipalId
    workerPrincipalId: identities.outputs.workerPrincipalId
  }
}

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    name: '${abbrs.appManagedEnvironments}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceName: monitoring.outputs.logAnalyticsWorkspaceName
  }
}

var microsoftAppId = botAppType == 'UserAssignedMSI' ? identities.outputs.botClientId : botAppId

module botApp 'modules/bot-app.bicep' = {
  name: 'bot-app'
  scope: rg
  params: {
    name: '${abbrs.appContainerApps}bot-${resourceToken}'
    location: location
    tags: tags
    environmentId: containerAppsEnvironment.outputs.id
    identityId: identities.outputs.botIdentityId
    identityClientId: identities.outputs.botClientId
    registryLoginServer: registry.outputs.loginServer
    exists: botExists
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusEndpoint: serviceBus.outputs.endpoint
    jobsQueueName: serviceBus.outputs.jobsQueueName
    resultsQueueName: serviceBus.outputs.resultsQueueName
    chatWorkQueueName: serviceBus.outputs.chatWorkQueueName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    botAppType: botAppType
    microsoftAppId: microsoftAppId
    keyVaultUri: keyVault.outputs.uri
    auditBlobServiceUri: audit.outputs.blobServiceUri
    auditContainerName: audit.outputs.containerName
    auditKeySecretName: audit.outputs.keySecretName
    appPasswordSecretName: botAppPasswordSecretName
    slackEnabled: slackEnabled
    slackSigningSecretName: slackSigningSecretName
    slackBotTokenName: slackBotTokenName
    alertmanagerTokenSecretName: alertmanagerTokenSecretName
    grafanaSecretName: grafanaSecretName
    alertWebhookSecretName: alertWebhookSecretName
    alertmanagerUsername: alertmanagerUsername
    alertmanagerPasswordSecretName: alertmanagerPasswordSecretName
    azureMonitorAlertsUsername: azureMonitorAlertsUsername
    azureMonitorAlertsPasswordSecretName: azureMonitorAlertsPasswordSecretName
    azureMonitorAlertsTenantId: azureMonitorAlertsTenantId
    azureMonitorAlertsAudience: azureMonitorAlertsAudience
    changeRecordsEnv: changeRecordsEnv
    changeRecordsSecrets: changeRecordsSecrets
    minReplicas: botMinReplicas
    maxReplicas: botMaxReplicas
  }
}

module workerApp 'modules/worker-app.bicep' = {
  name: 'worker-app'
  scope: rg
  params: {
    name: '${abbrs.appContainerApps}worker-${resourceToken}'
    location: location
    tags: tags
    environmentId: containerAppsEnvironment.outputs.id
    identityId: identities.outputs.workerIdentityId
    identityClientId: identities.outputs.workerClientId
    scalerIdentityId: identities.outputs.scalerIdentityId
    registryLoginServer: registry.outputs.loginServer
    exists: workerExists
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusNamespaceName: serviceBus.outputs.namespaceName
    serviceBusEndpoint: serviceBus.outputs.endpoint
    jobsQueueName: serviceBus.outputs.jobsQueueName
    resultsQueueName: serviceBus.outputs.resultsQueueName
    keyVaultUri: keyVault.outputs.uri
    auditBlobServiceUri: audit.outputs.blobServiceUri
    auditContainerName: audit.outputs.containerName
    auditKeySecretName: audit.outputs.keySecretName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    changeRecordsEnv: changeRecordsEnv
    changeRecordsSecrets: changeRecordsSecrets
    minReplicas: workerMinReplicas
    maxReplicas: workerMaxReplicas
    messagesPerReplica: workerMessagesPerReplica
  }
}

module azureBot 'modules/azure-bot.bicep' = {
  name: 'azure-bot'
  scope: rg
  params: {
    name: '${abbrs.botServiceBotServices}${resourceToken}'
    tags: tags
    messagingEndpoint: '${botApp.outputs.uri}/api/messages'
    appType: botAppType
    appId: microsoftAppId
    appIdentityResourceId: identities.outputs.botIdentityId
    sku: botSku
  }
}

// azd stores these in .azure/<env>/.env (UPPER_SNAKE).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = containerAppsEnvironment.outputs.id

output SERVICE_BOT_NAME string = botApp.outputs.name
output SERVICE_BOT_URI string = botApp.outputs.uri
output SERVICE_BOT_FQDN string = botApp.outputs.fqdn
output SERVICE_WORKER_NAME string = workerApp.outputs.name

output AZURE_BOT_NAME string = azureBot.outputs.name
output BOT_MESSAGING_ENDPOINT string = azureBot.outputs.messagingEndpoint
output MICROSOFT_APP_TYPE string = botAppType
output MICROSOFT_APP_ID string = microsoftAppId
output BOT_IDENTITY_CLIENT_ID string = identities.outputs.botClientId
output WORKER_IDENTITY_CLIENT_ID string = identities.outputs.workerClientId

output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_ACCOUNT_NAME string = cosmos.outputs.accountName
output AZURE_COSMOS_DATABASE string = cosmos.outputs.databaseName

output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.namespaceName
output AZURE_SERVICEBUS_ENDPOINT string = serviceBus.outputs.endpoint
output AZURE_SERVICEBUS_JOBS_QUEUE string = serviceBus.outputs.jobsQueueName
output AZURE_SERVICEBUS_RESULTS_QUEUE string = serviceBus.outputs.resultsQueueName
output AZURE_SERVICEBUS_CHAT_WORK_QUEUE string = serviceBus.outputs.chatWorkQueueName

output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_AUDIT_CHECKPOINTS_BLOB_ENDPOINT string = audit.outputs.blobServiceUri

output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsWorkspaceName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
