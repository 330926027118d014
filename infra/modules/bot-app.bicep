// The bot Container App: external HTTPS ingress to port 8080 (/api/messages for Teams via the
// Azure Bot, /slack/* for Slack), probes on /healthz and /readyz, and the app configuration as
// environment variables (.NET configuration keys, `__` for `:`).

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Container Apps environment resource id.')
param environmentId string

@description('Resource id of the bot\'s user-assigned managed identity.')
param identityId string

@description('Client id of the bot\'s user-assigned managed identity (AZURE_CLIENT_ID).')
param identityClientId string

@description('Login server of the registry the image is pulled from with the managed identity.')
param registryLoginServer string

@description('True once azd has deployed the app (SERVICE_BOT_RESOURCE_EXISTS): keep its current image.')
param exists bool

@description('Image used until azd deploys the real one. It listens on 8080 and answers /healthz.')
param placeholderImage string = 'mcr.microsoft.com/dotnet/samples:aspnetapp'

param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusEndpoint string
param jobsQueueName string
param resultsQueueName string

@description('Service Bus queue of Slack work the bot acknowledged and has not yet processed (ServiceBus__ChatWorkQueue).')
param chatWorkQueueName string
param applicationInsightsConnectionString string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string

@description('MicrosoftAppId: the bot identity\'s client id (UserAssignedMSI) or the Entra app registration\'s client id (SingleTenant).')
param microsoftAppId string

@description('Key Vault URI (https://<name>.vault.azure.net/) for the bot\'s secret references.')
param keyVaultUri string

@description('Blob endpoint of the audit checkpoint account (https://<account>.blob.core.windows.net/).')
param auditBlobServiceUri string

@description('The WORM container audit checkpoints are appended to.')
param auditContainerName string

@description('Key Vault secret holding the audit checkpoint key.')
param auditKeySecretName string

@description('SingleTenant only: Key Vault secret holding the app registration\'s client secret.')
param appPasswordSecretName string = 'microsoft-app-password'

@description('Wire the Slack signing secret and bot token from Key Vault.')
param slackEnabled bool = false
param slackSigningSecretName string = 'slack-signing-secret'
param slackBotTokenName string = 'slack-bot-token'

@description('Alert endpoints: Key Vault secret names (empty = endpoint not configured) and the Azure Monitor Secure Webhook tenant and audience.')
param alertmanagerTokenSecretName string = ''
param grafanaSecretName string = ''
param alertWebhookSecretName string = ''
param azureMonitorAlertsTenantId string = ''
param azureMonitorAlertsAudience string = ''

@description('Alert endpoints\' basic auth: user names (plain settings) and Key Vault secret names of the passwords (empty = not used).')
param alertmanagerUsername string = ''
param alertmanagerPasswordSecretName string = ''
param azureMonitorAlertsUsername string = ''
param azureMonitorAlertsPasswordSecretName string = ''

@description('ChangeRecords__* settings (name/value) from main.bicep.')
param changeRecordsEnv array = []

@description('ChangeRecords__* secrets: { secret, vault, env } = container app secret name, Key Vault secret name, environment variable.')
param changeRecordsSecrets array = []

@minValue(1)
param minReplicas int = 1
@minValue(1)
param maxReplicas int = 3

var port = 8080
var useSecretPassword = botAppType == 'SingleTenant'

var baseEnv = [
  { name: 'ASPNETCORE_HTTP_PORTS', value: string(port) }
  { name: 'Storage__Provider', value: 'Cosmos' }
  { name: 'Queue__Provider', value: 'ServiceBus' }
  { name: 'Cosmos__Endpoint', value: cosmosEndpoint }
  { name: 'Cosmos__Database', value: cosmosDatabaseName }
  { name: 'ServiceBus__Endpoint', value: serviceBusEndpoint }
  { name: 'ServiceBus__JobsQueue', value: jobsQueueName }
  { name: 'ServiceBus__ResultsQueue', value: resultsQueueName }
  { name: 'ServiceBus__ChatWorkQueue', value: chatWorkQueueName }
  { name: 'ServiceBus__ManagedIdentityClientId', value: identityClientId }
  { name: 'Audit__Checkpoints__Provider', value: 'Blob' }
  { name: 'Audit__Checkpoints__Blob__ServiceUri', value: auditBlobServiceUri }
  { name: 'Audit__Checkpoints__Blob__Container', value: auditContainerName }
  { name: 'Audit__Key__Provider', value: 'KeyVault' }
  { name: 'Audit__Key__KeyVault__Uri', value: keyVaultUri }
  { name: 'Audit__Key__KeyVault__SecretName', value: auditKeySecretName }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
  { name: 'MicrosoftAppType', value: botAppType }
  { name: 'MicrosoftAppId', value: microsoftAppId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'Inventory__Path', value: '/app/inventory' }
  { name: 'Worker__Embedded', value: 'false' }
]

var slackSecrets = slackEnabled
  ? [
      {
        name: 'slack-signing-secret'
        keyVaultUrl: '${keyVaultUri}secrets/${slackSigningSecretName}'
        identity: identityId
      }
      {
        name: 'slack-bot-token'
        keyVaultUrl: '${keyVaultUri}secrets/${slackBotTokenName}'
        identity: identityId
      }
    ]
  : []

var slackEnv = slackEnabled
  ? [
      { name: 'Slack__SigningSecret', secretRef: 'slack-signing-secret' }
      { name: 'Slack__BotToken', secretRef: 'slack-bot-token' }
    ]
  : []

var passwordSecrets = useSecretPassword
  ? [
      {
        name: 'microsoft-app-password'
        keyVaultUrl: '${keyVaultUri}secrets/${appPasswordSecretName}'
        identity: identityId
      }
    ]
  : []

// Each alert endpoint's secret, as a Key Vault reference, when its secret name is given.
var alertSecretSpecs = filter([
  { secret: 'alerts-alertmanager-token', vault: alertmanagerTokenSecretName, env: 'Alerts__Alertmanager__BearerToken' }
  { secret: 'alerts-grafana-secret', vault: grafanaSecretName, env: 'Alerts__Grafana__Secret' }
  { secret: 'alerts-webhook-secret', vault: alertWebhookSecretName, env: 'Alerts__Webhook__Secret' }
  { secret: 'alerts-alertmanager-password', vault: alertmanagerPasswordSecretName, env: 'Alerts__Alertmanager__Password' }
  { secret: 'alerts-azure-monitor-password', vault: azureMonitorAlertsPasswordSecretName, env: 'Alerts__AzureMonitor__Password' }
], a => !empty(a.vault))

var alertSecrets = [for a in alertSecretSpecs: {
  name: a.secret
  keyVaultUrl: '${keyVaultUri}secrets/${a.vault}'
  identity: identityId
}]

var alertSecretEnv = [for a in alertSecretSpecs: { name: a.env, secretRef: a.secret }]

var alertAzureMonitorEnv = empty(azureMonitorAlertsTenantId) ? [] : [
  { name: 'Alerts__AzureMonitor__TenantId', value: azureMonitorAlertsTenantId }
  { name: 'Alerts__AzureMonitor__Audience', value: azureMonitorAlertsAudience }
]

var alertUsernameEnv = filter([
  { name: 'Alerts__Alertmanager__Username', value: alertmanagerUsername }
  { name: 'Alerts__AzureMonitor__Username', value: azureMonitorAlertsUsername }
], e => !empty(e.value))

var alertEnv = concat(alertSecretEnv, alertAzureMonitorEnv, alertUsernameEnv)

// Change-record credentials as Key Vault references (the bot identity is granted each secret in keyvault.bicep).
var changeRecordsSecretRefs = map(changeRecordsSecrets, s => {
  name: s.secret
  keyVaultUrl: '${keyVaultUri}secrets/${s.vault}'
  identity: identityId
})
var changeRecordsSecretEnv = map(changeRecordsSecrets, s => { name: s.env, secretRef: s.secret })

var passwordEnv = useSecretPassword ? [{ name: 'MicrosoftAppPassword', secretRef: 'microsoft-app-password' }] : []

module fetchImage 'fetch-container-image.bicep' = {
  name: '${deployment().name}-image'
  params: {
    exists: exists
    name: name
  }
}

var currentContainers = fetchImage.outputs.containers
var image = empty(currentContainers) ? placeholderImage : currentContainers[0].image

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'bot' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
      secrets: concat(slackSecrets, passwordSecrets, alertSecrets, changeRecordsSecretRefs)
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(baseEnv, slackEnv, passwordEnv, alertEnv, changeRecordsEnv, changeRecordsSecretEnv)
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 5
              timeoutSeconds: 3
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              // /readyz checks the app's dependencies (Cosmos, Service Bus). The placeholder image
              // has no /readyz, so it is probed on /healthz until azd has deployed the real image.
              type: 'Readiness'
              httpGet: {
                path: empty(currentContainers) ? '/healthz' : '/readyz'
                port: port
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'
