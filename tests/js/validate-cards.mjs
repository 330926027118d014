// Parses Adaptive Cards with the official npm adaptivecards package and reports every
// parse warning and validation failure.
//
//   node validate-cards.mjs card.json ...      the given (already expanded) cards
//   node validate-cards.mjs --stdin            reads {"cards":[{"name","card"}]} from stdin
//
// Prints {"results":[{"name","errors":[...]}]} on stdout; exits 1 when any card has errors.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const require = createRequire(import.meta.url);
// The package's ESM build has extensionless imports that node cannot resolve; use the UMD bundle.
const AC = require("adaptivecards/dist/adaptivecards.js");

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

// Teams' CodeBlock element (a Teams extension, not in the Adaptive Cards schema the npm package knows), as documented in
// https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#codeblock-in-adaptive-cards:
// codeSnippet, language (one of Teams' list), startLineNumber. The npm parser reports it as an unknown element and renders
// its fallback instead, so the fallback is what other hosts show and what gets validated; each CodeBlock itself must
// match Teams' shape and must have a fallback element, and only then is the "unknown element CodeBlock" event accepted.
const codeBlockLanguages = new Set(["bash", "c", "c++", "c#", "css", "dos", "go", "graphql", "html", "java", "javascript",
  "json", "perl", "php", "plaintext", "powershell", "python", "sql", "typescript", "vbnet", "verilog", "vhdl", "xml"]);
const codeBlockKeys = new Set(["type", "codeSnippet", "language", "startLineNumber", "fallback", "id", "isVisible", "separator",
  "spacing", "height", "requires"]);

function checkCodeBlocks(node, errors) {
  if (Array.isArray(node)) {
    node.forEach((n) => checkCodeBlocks(n, errors));
    return;
  }
  if (node === null || typeof node !== "object") return;
  if (node.type === "CodeBlock") {
    for (const key of Object.keys(node)) {
      if (!codeBlockKeys.has(key)) errors.push(`CodeBlock: unknown property ${key}`);
    }
    if (typeof node.codeSnippet !== "string") errors.push("CodeBlock: codeSnippet must be a string");
    if (node.language !== undefined && !codeBlockLanguages.has(String(node.language).toLowerCase())) {
      errors.push(`CodeBlock: language ${JSON.stringify(node.language)} is not one Teams supports`);
    }
    if (node.startLineNumber !== undefined && !Number.isInteger(node.startLineNumber)) errors.push("CodeBlock: startLineNumber must be an integer");
    if (node.fallback === null || typeof node.fallback !== "object" || Array.isArray(node.fallback)) {
      errors.push("CodeBlock: needs a fallback element for hosts without CodeBlock (Teams mobile, other hosts)");
    }
  }
  for (const value of Object.values(node)) checkCodeBlocks(value, errors);
}

export function validate(json) {
  const errors = [];
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return ["card is not a JSON object"];
  }
  if (json.type !== "AdaptiveCard") errors.push(`type is ${JSON.stringify(json.type)}, expected "AdaptiveCard"`);
  const codeBlockErrors = [];
  checkCodeBlocks(json.body ?? [], codeBlockErrors);
  errors.push(...codeBlockErrors);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    const teamsCodeBlock = e.event === AC.ValidationEvent.UnknownElementType && e.message.startsWith('Unknown element type "CodeBlock".');
    if (teamsCodeBlock && codeBlockErrors.length === 0) continue;
    errors.push(`parse: ${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  const results = card.validateProperties();
  for (const e of results.validationEvents) {
    errors.push(`validate: ${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  return errors;
}

const args = process.argv.slice(2);
const cards = args[0] === "--stdin"
  ? (await readStdin()).cards
  : args.map((path) => ({ name: basename(path, ".json"), card: JSON.parse(readFileSync(path, "utf8")) }));
const results = cards.map(({ name, card }) => ({ name, errors: validate(card) }));
process.stdout.write(JSON.stringify({ results }));
process.exitCode = results.some((r) => r.errors.length > 0) ? 1 : 0;
