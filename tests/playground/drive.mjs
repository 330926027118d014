// Drives the M365 Agents Playground (a headless Teams client) against a running ChatNetOps bot with Debian's
// Chromium through playwright-core, and checks what Teams' card renderer actually shows (the rendered DOM, not the JSON):
//   - one welcome per conversation on install (Teams sends installationUpdate and conversationUpdate at once);
//   - help placeholders (device=DEVICE, status REQUEST-ID) are on screen, not stripped as tags;
//   - device output and the JSON view keep their lines and their runs of spaces (columns, indentation);
//   - the 64-character output SHA-256 is fully inside the card;
//   - status and warning text (result heading, blast radius, "is locked", "Rejected") reads at WCAG AA contrast (4.5:1)
//     against what is behind it;
//   - a refused requester whose own pending request holds the lock is told so;
//   - a reject reason with Markdown links, an autolink, a tag and a mention is shown as text: no link, no mention;
//   - the approval card shows the exact commands it will send, the device's description and who can approve;
//   - a typo is answered with one line of text (the did-you-mean), not a card.
// Flow: help in the personal chat; a read-only runbook and its result card; in the team channel, an @mention with a
// state-changing request, a second request on the same device (lock card), the requester's own Approve refused (the
// UI's click), a second user approving (the Playground's UI-less invoke with another `from`), the result; then a
// second request rejected by the second user with a hostile reason typed into the card.
// Env: PLAYGROUND_URL (http://127.0.0.1:56150), CHROMIUM (/usr/bin/chromium), SCREENSHOTS (output directory).
// Prints one line per step; exit 0 when every step passed, 1 with the failing step's message otherwise.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.PLAYGROUND_URL ?? "http://127.0.0.1:56150";
const shots = process.env.SCREENSHOTS ?? "TestResults/playground";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const approver = { id: "29:2bBbSecondUser", name: "Sam Second", aadObjectId: "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee" };
const welcomeText = "Hello! I run pre-approved network runbooks";
const helpCardText = "Runbooks run only from this list of commands";
const hostileReason = "<!channel> [click](https://evil.example) <https://evil.example> **bold** <at>Sam Second</at> <b>tag</b>";
const stepTimeout = 20_000;
mkdirSync(shots, { recursive: true });

const log = (step, detail = "") => console.log(`[playground] ${step}${detail ? ": " + detail : ""}`);
let page;
let current = "start";

async function shot(name) {
  await page.screenshot({ path: join(shots, name), fullPage: true });
  log("screenshot", join(shots, name));
}

async function send(text, { mention = false } = {}) {
  const box = page.getByRole("textbox").last();
  await box.click();
  if (mention) {
    await page.keyboard.type("@Chat");
    await page.getByRole("menuitem", { name: /ChatNetOps/ }).first().click({ timeout: stepTimeout });
    await page.keyboard.type(" ");
  }
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** Waits until some Adaptive Card's text matches, and returns that card. */
async function card(pattern, timeout = stepTimeout) {
  const locator = page.locator(".ac-adaptiveCard").filter({ hasText: pattern }).last();
  await locator.waitFor({ state: "visible", timeout });
  return locator;
}

async function step(name, body) {
  current = name;
  const started = Date.now();
  await body();
  log(name, `ok in ${Date.now() - started} ms`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** How many chat messages in the open conversation say the welcome (the chat list's previews are not messages). */
async function welcomes() {
  return page.evaluate((text) => [...document.querySelectorAll("body *")]
    .filter((e) => e.children.length === 0 && (e.textContent ?? "").startsWith(text) && !e.closest('[role="treeitem"], [role="tree"]'))
    .length, welcomeText);
}

/** How many help cards the open conversation shows. */
async function helpCards() {
  return page.locator(".ac-adaptiveCard").filter({ hasText: helpCardText }).count();
}

/** The rendered text of the output element (Teams CodeBlock or its fallback) of a result card. */
async function outputText(result) {
  return result.evaluate((c) => {
    const output = c.querySelector(".ac-textRun, pre, code");
    return output ? output.innerText : null;
  });
}

/** Whether the card shows its 64-hex SHA-256 entirely: the element holding it lies within the card and clips nothing. */
async function hashFullyVisible(result) {
  return result.evaluate((c) => {
    const hash = (c.innerText.match(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/) ?? [])[0];
    if (!hash) return { ok: false, why: "no 64-hex hash on the card" };
    const holder = [...c.querySelectorAll("*")].filter((e) => e.textContent.includes(hash)).at(-1);
    const card = c.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(holder);
    const text = [...range.getClientRects()];
    const right = Math.max(...text.map((r) => r.right));
    const clipped = [...c.querySelectorAll("*")].filter((e) => e.contains(holder))
      .some((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible");
    return { ok: right <= card.right + 0.5 && !clipped, why: `hash text ends at ${right.toFixed(1)} px, card ends at ${card.right.toFixed(1)} px, clipped by an ancestor: ${clipped}` };
  });
}

/** WCAG contrast of the text element whose text starts with `prefix` against the first opaque background behind it. */
async function contrast(scope, prefix) {
  return scope.evaluate((c, text) => {
    const element = [...c.querySelectorAll("*")].filter((e) => e.children.length === 0 && e.textContent.trim().startsWith(text))[0];
    if (!element) return { ratio: 0, why: `no text starting with "${text}"` };
    const rgb = (value) => (value.match(/[\d.]+/g) ?? []).map(Number);
    let background = null;
    for (let e = element; e && !background; e = e.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(e).backgroundColor);
      if (a > 0.5) background = [r, g, b];
    }
    background ??= [255, 255, 255];
    const luminance = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const foreground = rgb(getComputedStyle(element).color).slice(0, 3);
    const [hi, lo] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
    return { ratio: (hi + 0.05) / (lo + 0.05), why: `text rgb(${foreground}) on rgb(${background})` };
  }, prefix);
}

async function assertReadable(scope, prefix) {
  const { ratio, why } = await contrast(scope, prefix);
  log(`contrast of "${prefix}"`, `${ratio.toFixed(2)}:1 (${why})`);
  check(ratio >= 4.5, `"${prefix}" is hard to read: ${ratio.toFixed(2)}:1, ${why}`);
}

async function assertHashVisible(result) {
  const hash = await hashFullyVisible(result);
  log("output hash", hash.why);
  check(hash.ok, `the output SHA-256 is not fully visible: ${hash.why}`);
}

/** Presses a card button as the UI's user; returns the invoke request the Playground sent and its answer. */
async function pressAndCapture(target, name) {
  const answered = page.waitForResponse((r) => r.url().includes("/_conversation/v1/invoke"), { timeout: stepTimeout });
  await target.getByRole("button", { name }).click({ timeout: stepTimeout });
  const response = await answered;
  return { invoke: response.request().postDataJSON(), body: await response.json() };
}

function messageOf(body) {
  return typeof body === "string" ? body : body?.type === "application/vnd.microsoft.activity.message" ? body.value : null;
}

/** Invokes as the second user through the Playground's UI-less endpoint (the UI can act only as its own user). */
async function invokeAsApprover(invoke, data) {
  const body = structuredClone({ ...invoke, from: approver });
  if (data) body.value.action.data = { ...body.value.action.data, ...data };
  const response = await fetch(`${base}/_conversation/v1/invoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`invoke as sam answered ${response.status}: ${text}`);
  return text;
}

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // Offline: fonts and animations from the CDN fail at once instead of hanging.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  page = await context.newPage();

  await step("open the Playground (the bot's welcome arrives on install)", async () => {
    await page.goto(base, { waitUntil: "domcontentloaded" });
    await page.getByRole("textbox").last().waitFor({ state: "visible", timeout: 30_000 });
    await card(helpCardText, 30_000);
  });

  await step("personal chat: help, with its placeholders on screen", async () => {
    const before = await helpCards();
    await send("help");
    await page.waitForFunction(([text, n]) => [...document.querySelectorAll(".ac-adaptiveCard")].filter((c) => c.textContent.includes(text)).length > n,
      [helpCardText, before], { timeout: stepTimeout });
    const help = await page.locator(".ac-adaptiveCard").filter({ hasText: helpCardText }).last().innerText();
    for (const placeholder of ["verify-ospf device=DEVICE", "status REQUEST-ID [--json]", "cancel REQUEST-ID", "interface-counters device=DEVICE interface=INTERFACE"]) {
      check(help.includes(placeholder), `the help card does not show "${placeholder}":\n${help}`);
    }
    check(!/device=\s/.test(help), `a placeholder was stripped from the help card:\n${help}`);
    await shot("01-personal-help.png");
  });

  await step("personal chat: read-only runbook; its verdict leads, its raw output keeps lines and columns, its hash is fully visible", async () => {
    await send("verify-ospf device=dist-sw-01");
    let result;
    try {
      result = await card(/Verify OSPF[\s\S]*Succeeded[\s\S]*Output/, 30_000);
    } catch (error) {
      const queued = await page.locator(".ac-adaptiveCard").filter({ hasText: /Queued/ }).count();
      throw new Error(queued > 0
        ? "the read-only request stayed Queued: the worker dropped the job (JobRunner treats the ETag change from AttachMessageAsync as 'claimed by another worker')"
        : error.message);
    }
    // The card leads with the parsed verdict and its table; the raw output is one click away ("Raw output").
    await result.getByText(/OK: 2\/2 neighbours up/).first().waitFor({ state: "visible", timeout: stepTimeout });
    check(await result.getByText("Neighbor id · State · Interface").first().isVisible(), "the result card shows no table header");
    await result.getByRole("button", { name: "Raw output" }).click({ timeout: stepTimeout });
    const output = await outputText(result);
    log("rendered output", JSON.stringify(output));
    check(output !== null, "the result card shows no output element");
    const lines = output.split("\n");
    check(lines.some((l) => l.includes("dist-sw-01# show ip ospf neighbors")) && lines.some((l) => l.includes("OSPF Process ID 1 VRF default"))
      && lines.some((l) => l.includes("Total number of neighbors: 2")), `the output lines run together:\n${output}`);
    check(/Neighbor ID {5}Pri State {12}Up Time/.test(output), `the output columns lost their spaces:\n${output}`);
    await assertHashVisible(result);
    await assertReadable(result, "Verify OSPF: Succeeded");
    await result.getByRole("button", { name: "Show JSON" }).click({ timeout: stepTimeout });
    const json = await result.evaluate((c) => [...c.querySelectorAll(".ac-textRun, pre, code")].map((e) => e.innerText).find((t) => t.trimStart().startsWith("{")) ?? null);
    check(json !== null && /\n {2}"requestId": "R-/.test(json) && /\n {6}"device": "dist-sw-01"/.test(json), `the JSON view lost its lines or indentation:\n${json}`);
    await shot("02-read-only-result.png");
  });

  await step("personal chat: the install was welcomed once", async () => {
    const count = await welcomes();
    const cards = await helpCards();
    check(count === 1, `the welcome was posted ${count} times`);
    check(cards === 2, `${cards} help cards: the welcome's and the one asked for are expected`);
  });

  await step("team channel: @mention with a state-changing request shows the approval card, its blast radius readable", async () => {
    await page.getByRole("treeitem", { name: /INC-1001/ }).first().click({ timeout: stepTimeout });
    await send("bounce-interface device=acc-sw-01 interface=Gi1/0/3", { mention: true });
    const approval = await card(/Approval needed/, 30_000);
    await assertReadable(approval, "Everything behind the interface");
    const shown = await approval.innerText();
    check(shown.includes("Exactly what will be sent"), `the approval card has no "Exactly what will be sent" section:\n${shown}`);
    check(/configure terminal\s+interface GigabitEthernet1\/0\/3\s+shutdown\s+no shutdown\s+end/.test(shown), `the approval card does not show the commands it will send:\n${shown}`);
    check(/Access switch, floor 1/.test(shown), `the approval card does not describe the device:\n${shown}`);
    check(/Who can approve[\s\S]*change-approver[\s\S]*Sam Second/.test(shown), `the approval card does not say who can approve:\n${shown}`);
    await page.waitForFunction(([text]) => [...document.querySelectorAll("body *")].some((e) => e.children.length === 0 && (e.textContent ?? "").startsWith(text)),
      [welcomeText], { timeout: stepTimeout });
    await shot("03-channel-approval-card.png");
  });

  await step("the requester asks again for the same device: the lock card says the pending request is their own", async () => {
    await send("bounce-interface device=acc-sw-01 interface=Gi1/0/4", { mention: true });
    const locked = await card(/acc-sw-01 is locked/);
    const text = await locked.innerText();
    check(/Your own request R-\S+ \(bounce-interface\) holds this lock; it is waiting for a second engineer to approve it/.test(text), `the lock card does not say the request is the requester's own:\n${text}`);
    check(!text.includes("is running"), `the lock card says the pending request is running:\n${text}`);
    await assertReadable(locked, "acc-sw-01 is locked");
    await shot("04-own-request-holds-the-lock.png");
  });

  let invoke;
  await step("the requester presses Approve: refused with a message, the card stays", async () => {
    const approval = await card(/Approval needed/);
    const pressed = await pressAndCapture(approval, "Approve");
    invoke = pressed.invoke;
    // The Playground answers the UI with the invoke response's value: here the message text (a card would be an object).
    const message = messageOf(pressed.body);
    log("requester's invoke answer", JSON.stringify(pressed.body).slice(0, 200));
    if (typeof message !== "string") throw new Error(`expected a message refusal, got ${JSON.stringify(pressed.body).slice(0, 300)}`);
    if (!/second engineer/i.test(message)) throw new Error(`the refusal does not say a second engineer must approve: ${message}`);
    await page.getByText(message.slice(0, 40)).first().waitFor({ timeout: 3_000 }).catch(() => {});
    await card(/Approval needed/);
    await shot("05-requester-refused.png");
  });

  await step("a second engineer approves (UI-less invoke as sam); the card updates in place", async () => {
    const text = await invokeAsApprover(invoke);
    log("approver's invoke answer", text.slice(0, 200));
    if (!/AdaptiveCard|card\.adaptive/.test(text)) throw new Error(`invoke as sam did not answer with a card: ${text.slice(0, 300)}`);
    await card(/Sam Second/, 30_000);
    await shot("06-approved-card-updated.png");
  });

  await step("the result is posted in the thread, its hash fully visible", async () => {
    const result = await card(/Bounce interface: Succeeded[\s\S]*Output/, 30_000);
    await assertHashVisible(result);
    const count = await welcomes();
    check(count === 1, `the channel was welcomed ${count} times`);
    await shot("07-channel-result.png");
  });

  await step("a reject reason with links, a tag and a mention is shown as text", async () => {
    await send("bounce-interface device=acc-sw-02 interface=Gi1/0/5", { mention: true });
    const approval = await card(/Approval needed[\s\S]*acc-sw-02/, 30_000);
    await approval.locator("textarea, input[type=text]").first().fill(hostileReason);
    const pressed = await pressAndCapture(approval, "Reject");
    check(/second engineer/i.test(messageOf(pressed.body) ?? ""), `the requester's own Reject was not refused: ${JSON.stringify(pressed.body).slice(0, 300)}`);
    check(pressed.invoke?.value?.action?.data?.reason === hostileReason, `the typed reason did not travel with Reject: ${JSON.stringify(pressed.invoke?.value)}`);
    await invokeAsApprover(pressed.invoke);
    const rejected = await card(/Rejected by Sam Second/, 30_000);
    await assertReadable(rejected, "Rejected");
    const text = await rejected.innerText();
    check(text.includes(`Rejected by Sam Second: ${hostileReason}`), `the reason is not shown as typed:\n${text}`);
    const links = await rejected.locator("a").count();
    check(links === 0, `the rejected card has ${links} link(s) made from the reason`);
    await shot("08-hostile-reason-is-text.png");
  });

  await step("a typo is a short text reply with the did-you-mean, not a card", async () => {
    await send("stauts R-12345678", { mention: true });
    await page.getByText(/unknown command 'stauts'; did you mean status\?/).first().waitFor({ timeout: stepTimeout });
    const cards = await page.locator(".ac-adaptiveCard").filter({ hasText: "stauts" }).count();
    check(cards === 0, `the typo was answered with ${cards} card(s) instead of a line of text`);
    await shot("09-typo-is-one-line.png");
  });

  log("done", "all steps passed");
} catch (error) {
  log("FAILED", `${current}: ${error.message.split("\n")[0]}`);
  console.log(error.message);
  if (page) await page.screenshot({ path: join(shots, "failure.png"), fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
