// The worker Container App: no ingress; consumes the Service Bus jobs queue and scales on its
// length with a KEDA azure-servicebus rule authenticated by the scaler managed identity.

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Container Apps environment resource id.')
param environmentId string

@description('Resource id of the worker\'s user-assigned managed identity (app code, image pull).')
param identityId string

@description('Client id of the worker\'s user-assigned managed identity (AZURE_CLIENT_ID).')
param identityClientId string

@description('Resource id of the identity the KEDA scale rule uses to read the jobs queue length.')
param scalerIdentityId string

@description('Login server of the registry the image is pulled from with the managed identity.')
param registryLoginServer string

@description('True once azd has deployed the app (SERVICE_WORKER_RESOURCE_EXISTS): keep its current image.')
param exists bool

@description('Image used until azd deploys the real one.')
param placeholderImage string = 'mcr.microsoft.com/dotnet/samples:aspnetapp'

param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusNamespaceName string
param serviceBusEndpoint string
param jobsQueueName string
param resultsQueueName string
param keyVaultUri string

@description('Blob endpoint of the audit checkpoint account (https://<account>.blob.core.windows.net/).')
param auditBlobServiceUri string

@description('The WORM container audit checkpoints are appended to.')
param auditContainerName string

@description('Key Vault secret holding the audit checkpoint key.')
param auditKeySecretName string
param applicationInsightsConnectionString string

@description('ChangeRecords__* settings (name/value) from main.bicep.')
param changeRecordsEnv array = []

@description('ChangeRecords__* secrets: { secret, vault, env } = container app secret name, Key Vault secret name, environment variable.')
param changeRecordsSecrets array = []

@description('Minimum replicas; 0 lets the worker scale to zero when the jobs queue is empty.')
@minValue(0)
param minReplicas int = 1

@minValue(1)
param maxReplicas int = 5

@description('Target number of jobs-queue messages per replica before KEDA adds a replica.')
@minValue(1)
param messagesPerReplica int = 5

var env = [
  { name: 'Storage__Provider', value: 'Cosmos' }
  { name: 'Queue__Provider', value: 'ServiceBus' }
  { name: 'Credentials__Provider', value: 'KeyVault' }
  { name: 'Cosmos__Endpoint', value: cosmosEndpoint }
  { name: 'Cosmos__Database', value: cosmosDatabaseName }
  { name: 'ServiceBus__Endpoint', value: serviceBusEndpoint }
  { name: 'ServiceBus__JobsQueue', value: jobsQueueName }
  { name: 'ServiceBus__ResultsQueue', value: resultsQueueName }
  { name: 'ServiceBus__ManagedIdentityClientId', value: identityClientId }
  { name: 'KeyVault__Uri', value: keyVaultUri }
  { name: 'Audit__Checkpoints__Provider', value: 'Blob' }
  { name: 'Audit__Checkpoints__Blob__ServiceUri', value: auditBlobServiceUri }
  { name: 'Audit__Checkpoints__Blob__Container', value: auditContainerName }
  { name: 'Audit__Key__Provider', value: 'KeyVault' }
  { name: 'Audit__Key__KeyVault__Uri', value: keyVaultUri }
  { name: 'Audit__Key__KeyVault__SecretName', value: auditKeySecretName }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
  { name: 'Inventory__Path', value: '/app/inventory' }
]

// Change-record credentials as Key Vault references: the worker queues change-record events and validates the same
// ChangeRecords settings at start (it has Key Vault Secrets User on the vault for device credentials).
var changeRecordsSecretRefs = map(changeRecordsSecrets, s => {
  name: s.secret
  keyVaultUrl: '${keyVaultUri}secrets/${s.vault}'
  identity: identityId
})
var changeRecordsSecretEnv = map(changeRecordsSecrets, s => { name: s.env, secretRef: s.secret })

module fetchImage 'fetch-container-image.bicep' = {
  name: '${deployment().name}-image'
  params: {
    exists: exists
    name: name
  }
}

var currentContainers = fetchImage.outputs.containers

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'worker' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
      '${scalerIdentityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
      secrets: changeRecordsSecretRefs
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: empty(currentContainers) ? placeholderImage : currentContainers[0].image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(env, changeRecordsEnv, changeRecordsSecretEnv)
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'jobs-queue'
            custom: {
              type: 'azure-servicebus'
              metadata: {
                namespace: serviceBusNamespaceName
                queueName: jobsQueueName
                messageCount: string(messagesPerReplica)
              }
              identity: scalerIdentityId
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
