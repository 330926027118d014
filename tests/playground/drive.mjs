// Drives the M365 Agents Playground (a headless Teams client) against a running ChatNetOps bot with Debian's
// Chromium through playwright-core. Steps: help in the personal chat; a read-only runbook and its result card;
// in the team channel, an @mention with a state-changing request whose approval card is refused for the requester
// (the UI's own Approve click) and approved by a second user (the Playground's UI-less invoke endpoint with
// another `from`); the card is updated in place and the result is posted.
// Env: PLAYGROUND_URL (http://127.0.0.1:56150), CHROMIUM (/usr/bin/chromium), SCREENSHOTS (output directory).
// Prints one line per step; exit 0 when every step passed, 1 with the failing step's message otherwise.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.PLAYGROUND_URL ?? "http://127.0.0.1:56150";
const shots = process.env.SCREENSHOTS ?? "TestResults/playground";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const approver = { id: "29:2bBbSecondUser", name: "Sam Second", aadObjectId: "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee" };
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

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // Offline: fonts and animations from the CDN fail at once instead of hanging.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  page = await context.newPage();

  await step("open the Playground (the bot's welcome arrives on install)", async () => {
    await page.goto(base, { waitUntil: "domcontentloaded" });
    await page.getByRole("textbox").last().waitFor({ state: "visible", timeout: 30_000 });
  });

  await step("personal chat: help", async () => {
    const before = await page.locator(".ac-adaptiveCard").filter({ hasText: /verify-ospf/ }).count();
    await send("help");
    await page.waitForFunction(
      (n) => [...document.querySelectorAll(".ac-adaptiveCard")].filter((c) => /verify-ospf/.test(c.textContent)).length > n,
      before, { timeout: stepTimeout });
    await shot("01-personal-help.png");
  });

  await step("personal chat: read-only runbook and its result card", async () => {
    await send("verify-ospf device=dist-sw-01");
    try {
      await card(/Verify OSPF[\s\S]*(Succeeded|succeeded)/, 30_000);
    } catch (error) {
      const queued = await page.locator(".ac-adaptiveCard").filter({ hasText: /Queued/ }).count();
      throw new Error(queued > 0
        ? "the read-only request stayed Queued: the worker dropped the job (JobRunner treats the ETag change from AttachMessageAsync as 'claimed by another worker')"
        : error.message);
    }
    await shot("02-read-only-result.png");
  });

  await step("team channel: @mention with a state-changing request shows the approval card", async () => {
    await page.getByRole("treeitem", { name: /INC-1001/ }).first().click({ timeout: stepTimeout });
    await send("bounce-interface device=acc-sw-01 interface=Gi1/0/3", { mention: true });
    await card(/Approval needed/, 30_000);
    await shot("03-channel-approval-card.png");
  });

  let invoke;
  await step("the requester presses Approve: refused with a message, the card stays", async () => {
    const approval = await card(/Approval needed/);
    const answered = page.waitForResponse((r) => r.url().includes("/_conversation/v1/invoke"), { timeout: stepTimeout });
    await approval.getByRole("button", { name: "Approve" }).click({ timeout: stepTimeout });
    const response = await answered;
    invoke = response.request().postDataJSON();
    // The Playground answers the UI with the invoke response's value: here the message text (a card would be an object).
    const body = await response.json();
    const message = typeof body === "string" ? body : body?.type === "application/vnd.microsoft.activity.message" ? body.value : null;
    log("requester's invoke answer", JSON.stringify(body).slice(0, 200));
    if (typeof message !== "string") throw new Error(`expected a message refusal, got ${JSON.stringify(body).slice(0, 300)}`);
    if (!/second engineer/i.test(message)) throw new Error(`the refusal does not say a second engineer must approve: ${message}`);
    await page.getByText(message.slice(0, 40)).first().waitFor({ timeout: 3_000 }).catch(() => {});
    await card(/Approval needed/);
    await shot("04-requester-refused.png");
  });

  await step("a second engineer approves (UI-less invoke as sam); the card updates in place", async () => {
    const body = { ...invoke, from: approver };
    const response = await fetch(`${base}/_conversation/v1/invoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`invoke as sam answered ${response.status}: ${text}`);
    log("approver's invoke answer", text.slice(0, 200));
    if (!/AdaptiveCard|card\.adaptive/.test(text)) throw new Error(`invoke as sam did not answer with a card: ${text.slice(0, 300)}`);
    await card(/Sam Second/, 30_000);
    await shot("05-approved-card-updated.png");
  });

  await step("the result is posted in the thread", async () => {
    await card(/acc-sw-01[\s\S]*(Succeeded|succeeded)|(Succeeded|succeeded)[\s\S]*acc-sw-01/, 30_000);
    await shot("06-channel-result.png");
  });

  log("done", "all steps passed");
} catch (error) {
  log("FAILED", `${current}: ${error.message.split("\n")[0]}`);
  if (page) await page.screenshot({ path: join(shots, "failure.png"), fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
