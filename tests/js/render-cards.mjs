// Renders Adaptive Card templates with the official npm adaptivecards-templating package.
//
//   node render-cards.mjs                      every cards/<name>.json with cards/<name>.data.json
//   node render-cards.mjs t.json d.json ...    the given template/data pairs
//   node render-cards.mjs --stdin              reads {"jobs":[{"name","template","data"}]} from stdin
//
// Prints {"results":[{"name","card"} | {"name","error"}]} as JSON on stdout.
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve, basename } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { Template } = require("adaptivecards-templating");

const here = dirname(fileURLToPath(import.meta.url));
const cardsDir = resolve(here, "..", "..", "cards");

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function jobsFromArgs(args) {
  if (args.length === 0) {
    return readdirSync(cardsDir)
      .filter((f) => f.endsWith(".json") && !f.endsWith(".data.json"))
      .sort()
      .map((f) => {
        const name = basename(f, ".json");
        return { name, template: readJson(join(cardsDir, f)), data: readJson(join(cardsDir, `${name}.data.json`)) };
      });
  }
  if (args.length % 2 !== 0) throw new Error("expected template/data pairs");
  const jobs = [];
  for (let i = 0; i < args.length; i += 2) {
    jobs.push({ name: basename(args[i], ".json"), template: readJson(args[i]), data: readJson(args[i + 1]) });
  }
  return jobs;
}

export function render(template, data) {
  return new Template(template).expand({ $root: data });
}

const args = process.argv.slice(2);
const jobs = args[0] === "--stdin" ? (await readStdin()).jobs : jobsFromArgs(args);
const results = jobs.map(({ name, template, data }) => {
  try {
    return { name, card: render(template, data) };
  } catch (e) {
    return { name, error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify({ results }));
