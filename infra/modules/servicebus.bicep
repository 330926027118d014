// Service Bus namespace (Entra-only, no SAS) with the `jobs`, `results` and `chat-work` queues,
// and data-plane roles scoped to single queues. The apps use Azure.Messaging.ServiceBus over AMQP
// with their managed identity (ServiceBus__ManagedIdentityClientId):
//   bot:    Sender on jobs, Receiver and Sender on results (approvals, rejections and
//           cancellations are announced on the results queue by the bot itself), Receiver and
//           Sender on chat-work (Slack payloads the bot acknowledged and has not yet processed;
//           only the bot uses it)
//   worker: Receiver on jobs, Sender on results
//   scaler: Data Owner on jobs only. KEDA's azure-servicebus scaler reads the queue's runtime
//           properties (message count), which requires the Manage right; that identity is
//           referenced only by the worker's scale rule.
// `chatnetops queue dead-letters --requeue` needs Receiver and Sender on both queues: run it as an
// operator with those roles, not as an app identity.

@description('Namespace name (6-50 characters, globally unique).')
@minLength(6)
@maxLength(50)
param namespaceName string

param location string = resourceGroup().location
param tags object = {}

@description('Standard or Premium: duplicate detection is not available on Basic.')
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Standard'

param jobsQueueName string = 'jobs'
param resultsQueueName string = 'results'
param chatWorkQueueName string = 'chat-work'

@description('ISO 8601 time to live of a message; expired messages are dead-lettered.')
param messageTimeToLive string = 'P1D'

param botPrincipalId string
param workerPrincipalId string
param scalerPrincipalId string

var senderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender
var receiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // Azure Service Bus Data Receiver
var ownerRoleId = '090c5cfd-751d-490a-894a-3ce6f1109419' // Azure Service Bus Data Owner

// lockDuration: the processor renews a job's lock while it runs (for longer than the longest runbook).
// maxDeliveryCount: a message abandoned or let expire this often is dead-lettered.
// requiresDuplicateDetection: MessageId is the job id (the result id), so a re-send within the window is dropped.
// deadLetteringOnMessageExpiration: a job past its request's expiry (its TimeToLive) is kept for inspection.
var queueProperties = {
  lockDuration: 'PT1M'
  maxDeliveryCount: 10
  requiresDuplicateDetection: true
  duplicateDetectionHistoryTimeWindow: 'PT10M'
  deadLetteringOnMessageExpiration: true
  defaultMessageTimeToLive: messageTimeToLive
  requiresSession: false
  enablePartitioning: false
  enableBatchedOperations: true
}

// chat-work: the bot takes each piece of work under the entity's lock and renews it every third of
// Slack:WorkLockDuration while it works, so the lock lasts that long (its default, 30 s): work a
// dead replica held goes to another replica 30 s after its last renewal. Duplicate detection drops
// a second enqueue of one Slack payload (MessageId = work id); work past its expiry (TimeToLive =
// Slack:WorkLifetime, at most the default time to live) is dead-lettered unprocessed.
var chatWorkQueueProperties = union(queueProperties, {
  lockDuration: 'PT30S'
})

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource jobsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: jobsQueueName
  properties: queueProperties
}

resource resultsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: resultsQueueName
  properties: queueProperties
}

resource chatWorkQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: chatWorkQueueName
  properties: chatWorkQueueProperties
}

resource botSendsJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(jobsQueue.id, botPrincipalId, senderRoleId)
  scope: jobsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: botPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource botReceivesResults 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resultsQueue.id, botPrincipalId, receiverRoleId)
  scope: resultsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', receiverRoleId)
    principalId: botPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource botSendsResults 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resultsQueue.id, botPrincipalId, senderRoleId)
  scope: resultsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: botPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource botSendsChatWork 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(chatWorkQueue.id, botPrincipalId, senderRoleId)
  scope: chatWorkQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: botPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource botReceivesChatWork 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(chatWorkQueue.id, botPrincipalId, receiverRoleId)
  scope: chatWorkQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', receiverRoleId)
    principalId: botPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerReceivesJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(jobsQueue.id, workerPrincipalId, receiverRoleId)
  scope: jobsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', receiverRoleId)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerSendsResults 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resultsQueue.id, workerPrincipalId, senderRoleId)
  scope: resultsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', senderRoleId)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource scalerReadsJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(jobsQueue.id, scalerPrincipalId, ownerRoleId)
  scope: jobsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ownerRoleId)
    principalId: scalerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output namespaceName string = namespace.name
// serviceBusEndpoint is https://<ns>.servicebus.windows.net:443/; the app wants it without the port.
output endpoint string = replace(namespace.properties.serviceBusEndpoint, ':443/', '/')
output jobsQueueName string = jobsQueue.name
output resultsQueueName string = resultsQueue.name
output chatWorkQueueName string = chatWorkQueue.name
