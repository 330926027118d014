// azd convention: on re-provision, keep the image azd last deployed instead of resetting the
// app to the placeholder. `exists` comes from SERVICE_<NAME>_RESOURCE_EXISTS, which azd sets.

param exists bool
param name string

resource existingApp 'Microsoft.App/containerApps@2025-01-01' existing = if (exists) {
  name: name
}

output containers array = exists ? existingApp!.properties.template.containers : []
