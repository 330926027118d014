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

export function validate(json) {
  const errors = [];
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return ["card is not a JSON object"];
  }
  if (json.type !== "AdaptiveCard") errors.push(`type is ${JSON.stringify(json.type)}, expected "AdaptiveCard"`);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
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
