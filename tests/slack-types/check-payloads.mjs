// Type-checks Block Kit payloads against the official @slack/types definitions.
// Usage: node check-payloads.mjs <payloads.json>
//   payloads.json = [{ "name": "approval-request/message", "kind": "message" | "modal", "payload": { ... } }, ...]
// Prints one JSON object: { "checked": N, "errors": [{ "name": "...", "message": "..." }] }; exits 0 when errors is empty.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const input = process.argv[2];
if (!input) {
  console.error('usage: node check-payloads.mjs <payloads.json>');
  process.exit(2);
}

const payloads = JSON.parse(fs.readFileSync(input, 'utf8'));
const typeOf = { message: 'MessagePayload', modal: 'ModalView' };

// The message envelope our client sends (chat.postMessage / chat.update / chat.postEphemeral / response_url):
// the block types come from @slack/types; text is always present as the notification fallback.
const header = [
  "import type { KnownBlock, ModalView } from '@slack/types';",
  'interface MessagePayload { text: string; blocks: KnownBlock[]; }',
  '',
];
const lines = [...header];
const spans = [];
payloads.forEach((p, i) => {
  const type = typeOf[p.kind];
  if (!type) {
    throw new Error(`payload ${p.name}: unknown kind '${p.kind}' (message or modal)`);
  }
  const start = lines.length;
  const body = JSON.stringify(p.payload, null, 2).split('\n');
  lines.push(`export const p${i}: ${type} = ${body[0]}`, ...body.slice(1));
  lines[lines.length - 1] += ';';
  spans.push({ name: p.name, start, end: lines.length - 1 });
});

const outDir = path.join(here, 'out');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `payloads-${process.pid}.ts`);
fs.writeFileSync(file, lines.join('\n') + '\n');

try {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const errors = diagnostics.map((d) => {
    let name = '(global)';
    if (d.file && d.start !== undefined) {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const span = spans.find((s) => line >= s.start && line <= s.end);
      name = span ? span.name : `${path.basename(d.file.fileName)}:${line + 1}`;
    }
    return { name, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });
  process.stdout.write(JSON.stringify({ checked: payloads.length, errors }) + '\n');
  process.exit(errors.length === 0 ? 0 : 1);
} finally {
  fs.rmSync(file, { force: true });
}
