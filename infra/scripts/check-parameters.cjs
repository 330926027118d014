#!/usr/bin/env node
// Cross-checks infra/main.parameters.json against the compiled main.bicep (ARM JSON):
// every parameter in the file exists in the template, every required template parameter is
// supplied, and every template output is UPPER_SNAKE (azd writes outputs to .azure/<env>/.env).
// Usage: node check-parameters.cjs <compiled main.json> <main.parameters.json>
'use strict';

const fs = require('node:fs');

const [templatePath, parametersPath] = process.argv.slice(2);
if (!templatePath || !parametersPath) {
  console.error('usage: check-parameters.cjs <main.json> <main.parameters.json>');
  process.exit(2);
}

const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
const parameterFile = JSON.parse(fs.readFileSync(parametersPath, 'utf8'));
const declared = template.parameters || {};
const supplied = parameterFile.parameters || {};
const errors = [];

for (const name of Object.keys(supplied)) {
  if (!(name in declared)) errors.push(`main.parameters.json sets "${name}", which main.bicep does not declare`);
  const value = supplied[name].value;
  if (typeof value === 'string' && value.includes('${') && !/^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$/.test(value)) {
    errors.push(`main.parameters.json "${name}": expected a single \${ENV_VAR} or \${ENV_VAR=default}, got ${value}`);
  }
}
for (const [name, p] of Object.entries(declared)) {
  if (!('defaultValue' in p) && !(name in supplied)) errors.push(`main.bicep requires "${name}" but main.parameters.json does not supply it`);
}
for (const name of ['environmentName', 'location']) {
  if (!(name in declared)) errors.push(`main.bicep must declare "${name}" (azd convention)`);
}
for (const name of Object.keys(template.outputs || {})) {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) errors.push(`output "${name}" is not UPPER_SNAKE`);
}
if (template.$schema && !template.$schema.includes('subscriptionDeploymentTemplate')) {
  errors.push('main.bicep must target the subscription scope (targetScope = \'subscription\')');
}

if (errors.length > 0) {
  for (const e of errors) console.error(`ERROR ${e}`);
  process.exit(1);
}
console.log(`main.parameters.json: ${Object.keys(supplied).length} parameters match main.bicep; ${Object.keys(template.outputs || {}).length} outputs are UPPER_SNAKE`);
