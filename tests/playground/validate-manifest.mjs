// Validates infra/teams/manifest.json against the Teams manifest schema kept in infra/teams/schema (draft-04,
// via ajv-draft-04), with its ${{…}} placeholders filled as infra/teams/package.sh fills them, and checks the
// icons: color.png 192x192, outline.png 32x32 with a transparent background and only white pixels.
// Usage: node validate-manifest.mjs [manifest.json]   Exit code 0 = valid; problems are printed one per line.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const teamsDir = resolve(here, "../../infra/teams");
const manifestPath = resolve(process.argv[2] ?? join(teamsDir, "manifest.json"));
const schemaPath = join(teamsDir, "schema/MicrosoftTeams.v1.11.schema.json");
const problems = [];

const text = readFileSync(manifestPath, "utf8")
  .replaceAll("${{BOT_ID}}", "11111111-2222-3333-4444-555555555555")
  .replaceAll("${{TEAMS_APP_ID}}", "11111111-2222-3333-4444-555555555555")
  .replaceAll("${{WEBSITE_URL}}", "https://github.com/chatnetops");
if (text.includes("${{")) problems.push("manifest: unknown ${{…}} placeholder left after filling BOT_ID, TEAMS_APP_ID, WEBSITE_URL");
const manifest = JSON.parse(text);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
if (!validate(manifest)) {
  for (const e of validate.errors) problems.push(`manifest${e.instancePath || "/"}: ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
}
if (manifest.manifestVersion !== schema.properties.manifestVersion.const) {
  problems.push(`manifest: manifestVersion ${manifest.manifestVersion} does not match the kept schema (${schema.properties.manifestVersion.const})`);
}
const bot = manifest.bots?.[0];
for (const scope of ["personal", "team", "groupchat"]) {
  if (!bot?.scopes?.includes(scope)) problems.push(`manifest: the bot must offer the ${scope} scope`);
}
if (!bot?.commandLists?.[0]?.commands?.some((c) => c.title === "help")) problems.push("manifest: the command list must include help");

function readPng(path) {
  const data = readFileSync(path);
  if (data.readUInt32BE(0) !== 0x89504e47) throw new Error(`${path} is not a PNG`);
  let offset = 8, width = 0, height = 0, colorType = 0, bitDepth = 0;
  const idat = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString("ascii", offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") { width = body.readUInt32BE(0); height = body.readUInt32BE(4); bitDepth = body[8]; colorType = body[9]; }
    if (type === "IDAT") idat.push(body);
    offset += 12 + length;
  }
  return { width, height, colorType, bitDepth, raw: colorType === 6 && bitDepth === 8 ? inflateSync(Buffer.concat(idat)) : null };
}

function rgbaPixels({ width, height, raw }) {
  const stride = width * 4, out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? out[y * stride + x - 4] : 0, b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return out;
}

const color = readPng(join(teamsDir, manifest.icons.color));
if (color.width !== 192 || color.height !== 192) problems.push(`icons: ${manifest.icons.color} is ${color.width}x${color.height}, must be 192x192`);
const outline = readPng(join(teamsDir, manifest.icons.outline));
if (outline.width !== 32 || outline.height !== 32) problems.push(`icons: ${manifest.icons.outline} is ${outline.width}x${outline.height}, must be 32x32`);
if (!outline.raw) {
  problems.push(`icons: ${manifest.icons.outline} must be 8-bit RGBA (it needs transparency)`);
} else {
  const px = rgbaPixels(outline);
  let transparent = 0, nonWhite = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] === 0) transparent++;
    else if (px[i] !== 255 || px[i + 1] !== 255 || px[i + 2] !== 255) nonWhite++;
  }
  if (transparent === 0) problems.push(`icons: ${manifest.icons.outline} has no transparent pixels`);
  if (nonWhite > 0) problems.push(`icons: ${manifest.icons.outline} has ${nonWhite} visible pixels that are not white`);
}

if (problems.length > 0) {
  for (const p of problems) console.log(p);
  process.exit(1);
}
console.log(`valid: ${manifestPath} against Teams manifest schema ${schema.properties.manifestVersion.const}; icons ok`);
