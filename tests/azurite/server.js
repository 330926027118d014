#!/usr/bin/env node
// Azurite (Microsoft's Azure Storage emulator, MIT, from npm) serving the Blob API on 127.0.0.1, in memory, for the audit
// checkpoint sink tests. The tests start this file with node and read the line
//   Azurite Blob service successfully listens on http://127.0.0.1:<port>
// from its output; the emulator ends when this process's stdin closes (the test process ended) or on SIGTERM.
//
// Usage: node server.js [--port N]   (0, the default, picks a free port)
//
// --skipApiVersionCheck: Azure.Storage.Blobs may send a service version newer than this Azurite knows; the calls the sink
// makes (Put Blob with If-None-Match, Get Blob with a range, Get Blob Properties, List Blobs, Create Container) are old.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? args[portIndex + 1] : '0';

const main = path.join(__dirname, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
const child = spawn(process.execPath, [
  main,
  '--blobHost', '127.0.0.1',
  '--blobPort', String(port),
  '--inMemoryPersistence',
  '--skipApiVersionCheck',
  '--disableProductStyleUrl',
  '--disableTelemetry',
], { stdio: ['ignore', 'inherit', 'inherit'], cwd: require('node:os').tmpdir() });

const stop = () => {
  child.kill('SIGTERM');
  process.exit(0);
};
child.on('exit', (code) => process.exit(code ?? 1));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
