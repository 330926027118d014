// Cosmos DB for NoSQL: account (Entra-only data plane, serverless by default), the `chatnetops`
// database and the containers the app's Cosmos storage backend uses (see docs/deploy.md).

@description('Account name (3-44 lowercase letters, digits, hyphens; globally unique).')
@minLength(3)
@maxLength(44)
param accountName string

param location string = resourceGroup().location
param tags object = {}

param databaseName string = 'chatnetops'

@description('Serverless capacity mode (pay per request). Set false for provisioned autoscale throughput on the database.')
param serverless bool = true

@description('Autoscale max RU/s shared by the database\'s containers when serverless is false.')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@description('Principal ids (managed identities) granted the built-in Cosmos DB Built-in Data Contributor role on the account.')
param dataContributorPrincipalIds array

// defaultTtl -1: items never expire unless they carry their own `ttl`; the locks container uses
// per-item ttl as a safety net so an abandoned lock or session slot disappears on its own, and the
// chatstate container (chat adapters' repeat keys and button forms) so expired entries are deleted.
@description('A Cosmos container: name, partition key path and optional default TTL in seconds.')
type containerSpec = {
  name: string
  partitionKey: string
  defaultTtl: int?
}

var containers containerSpec[] = [
  {
    name: 'requests'
    partitionKey: '/id'
  }
  {
    name: 'locks'
    partitionKey: '/device'
    defaultTtl: -1
  }
  {
    name: 'incidents'
    partitionKey: '/id'
  }
  {
    name: 'changerecords'
    partitionKey: '/incident'
  }
  {
    name: 'audit'
    partitionKey: '/partition'
  }
  {
    name: 'outputs'
    partitionKey: '/requestId'
  }
  {
    name: 'conversations'
    partitionKey: '/id'
  }
  {
    name: 'requestcards'
    partitionKey: '/id'
  }
  {
    name: 'chatstate'
    partitionKey: '/id'
    defaultTtl: -1
  }
  {
    name: 'alerts'
    partitionKey: '/id'
  }
  {
    name: 'alertgroups'
    partitionKey: '/id'
  }
  {
    name: 'changewindows'
    partitionKey: '/id'
  }
  {
    name: 'alertcards'
    partitionKey: '/id'
  }
  {
    name: 'devicechanges'
    partitionKey: '/id'
  }
]

// Cosmos DB Built-in Data Contributor (data plane; not an Azure RBAC role).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: serverless
      ? [
          {
            name: 'EnableServerless'
          }
        ]
      : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: serverless
      ? {}
      : {
          autoscaleSettings: {
            maxThroughput: autoscaleMaxThroughput
          }
        }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in containers: {
    parent: database
    name: c.name
    properties: {
      resource: union(
        {
          id: c.name
          partitionKey: {
            paths: [
              c.partitionKey
            ]
            kind: 'Hash'
            version: 2
          }
        },
        c.?defaultTtl == null ? {} : { defaultTtl: c.?defaultTtl }
      )
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, dataContributorRoleId)
    properties: {
      principalId: principalId
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
      scope: account.id
    }
  }
]

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerNames array = [for c in containers: c.name]
