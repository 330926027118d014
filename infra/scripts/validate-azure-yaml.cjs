#!/usr/bin/env node
// Validates azure.yaml against the vendored azd schema (infra/schemas/azure.yaml.json)
// and checks the project-specific conventions docs/deploy.md relies on.
// Usage: NODE_PATH=<dir with ajv, ajv-formats, yaml> node validate-azure-yaml.cjs <azure.yaml> <schema.json>
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Ajv2019 = require('ajv/dist/2019').default;
const addFormats = require('ajv-formats').default;
const YAML = require('yaml');

const [yamlPath, schemaPath] = process.argv.slice(2);
if (!yamlPath || !schemaPath) {
  console.error('usage: validate-azure-yaml.cjs <azure.yaml> <schema.json>');
  process.exit(2);
}

const errors = [];
const fail = (msg) => errors.push(msg);

const doc = YAML.parseDocument(fs.readFileSync(yamlPath, 'utf8'), { prettyErrors: true });
if (doc.errors.length > 0) {
  for (const e of doc.errors) console.error(`azure.yaml: ${e.message}`);
  process.exit(1);
}
for (const w of doc.warnings) fail(`azure.yaml: YAML warning: ${w.message}`);
const config = doc.toJS();

const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));

// The schema references a few extension schemas by absolute URL (azure.ai.* / microsoft.foundry
// hosts). The build is offline, so register a permissive stub for each external $ref.
const externalRefs = new Set();
(function collect(node) {
  if (Array.isArray(node)) { node.forEach(collect); return; }
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && /^https?:\/\//.test(v)) externalRefs.add(v.split('#')[0]);
      else collect(v);
    }
  }
})(schema);

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
for (const ref of externalRefs) {
  if (ref !== schema.$id) ajv.addSchema({ $id: ref }, ref);
}
const validate = ajv.compile(schema);
if (!validate(config)) {
  for (const e of validate.errors) fail(`schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

// Project conventions (see docs/deploy.md): two container app services built from a Dockerfile
// whose build context is the repository root.
const root = path.dirname(path.resolve(yamlPath));
for (const name of ['bot', 'worker']) {
  const svc = config.services && config.services[name];
  if (!svc) { fail(`services.${name} is missing`); continue; }
  if (svc.host !== 'containerapp') fail(`services.${name}.host must be containerapp`);
  if (svc.language !== 'csharp') fail(`services.${name}.language must be csharp`);
  const projectDir = path.resolve(root, svc.project || '.');
  if (!fs.existsSync(projectDir)) fail(`services.${name}.project ${svc.project} does not exist`);
  const docker = svc.docker || {};
  const dockerfile = path.resolve(projectDir, docker.path || './Dockerfile');
  if (!fs.existsSync(dockerfile)) fail(`services.${name}: Dockerfile ${path.relative(root, dockerfile)} does not exist`);
  const context = path.resolve(projectDir, docker.context || '.');
  if (context !== root) fail(`services.${name}.docker.context must resolve to the repository root (got ${context})`);
}

if (errors.length > 0) {
  for (const e of errors) console.error(`ERROR ${e}`);
  console.error(`azure.yaml: ${errors.length} problem(s)`);
  process.exit(1);
}
console.log(`azure.yaml: valid against ${path.basename(schemaPath)} ($schema ${schema.$schema}); services: ${Object.keys(config.services).join(', ')}`);
