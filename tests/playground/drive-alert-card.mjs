// Drives the M365 Agents Playground (a headless Teams client) with Debian's Chromium through playwright-core and checks
// how Teams renders the ALERT card (the rendered DOM, not the JSON): an Alertmanager notification posted to the bot's
// webhook opens an incident whose card appears in the group chat its route names, showing the proposed severity, the
// device, the device's last change and the first step's button; when the alert resolves, the same card is updated in
// place (no second card).
// Env: PLAYGROUND_URL, CHROMIUM, SCREENSHOTS, ALERTS_URL (the bot's /api/alerts/alertmanager), ALERTS_TOKEN (its bearer
// token), DEVICE, LAST_CHANGE_REQUEST (the request id of the device's last change, recorded by the test).
// Prints one line per step; exit 0 when every step passed, 1 with the failing step's message otherwise.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.PLAYGROUND_URL ?? "http://127.0.0.1:56150";
const shots = process.env.SCREENSHOTS ?? "TestResults/playground-alert-card";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const alertsUrl = process.env.ALERTS_URL;
const alertsToken = process.env.ALERTS_TOKEN;
const device = process.env.DEVICE ?? "fw-edge-01";
const lastChangeRequest = process.env.LAST_CHANGE_REQUEST ?? "R-";
const stepTimeout = 30_000;
const alertCard = /ALR-\d+: InterfaceDown/;
const helpCardText = "Runbooks run only from this list of commands";
const directMessageTip = "never in a direct message";
mkdirSync(shots, { recursive: true });

const log = (step, detail = "") => console.log(`[playground-alert] ${step}${detail ? ": " + detail : ""}`);
let page;
let current = "start";

async function shot(name) {
  await page.screenshot({ path: join(shots, name), fullPage: true });
  log("screenshot", join(shots, name));
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

/** Posts one Alertmanager webhook notification (version 4, one alert) as Alertmanager's webhook receiver would. */
async function notify(status, startsAt, endsAt) {
  const alert = {
    status,
    labels: { alertname: "InterfaceDown", device, team: "netops", severity: "critical", ifName: "port3" },
    annotations: { summary: "port3 down" },
    startsAt,
    endsAt: endsAt ?? "0001-01-01T00:00:00Z",
    generatorURL: "http://prometheus.example.net:9090/graph?g0.expr=up",
    fingerprint: "pg0000000000001",
  };
  const body = {
    version: "4", groupKey: "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}", truncatedAlerts: 0, status, receiver: "chatnetops",
    groupLabels: { alertname: "InterfaceDown" }, commonLabels: { team: "netops" }, commonAnnotations: {},
    externalURL: "http://alertmanager.example.net:9093", alerts: [alert],
  };
  const response = await fetch(alertsUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${alertsToken}` }, body: JSON.stringify(body) });
  check(response.ok, `the alert webhook answered ${response.status}: ${await response.text()}`);
}

/** The alert cards the open conversation shows. */
const alertCards = () => page.locator(".ac-adaptiveCard").filter({ hasText: alertCard });

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1200 } });
  // Offline: fonts and animations from the CDN fail at once instead of hanging.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  page = await context.newPage();

  await step("open the Playground and the group chat the route names (the bot learns where to post)", async () => {
    await page.goto(base, { waitUntil: "domcontentloaded" });
    await page.getByRole("textbox").last().waitFor({ state: "visible", timeout: 30_000 });
    // The personal chat's welcome first (the UI is ready), then the group chat: the Playground installs the bot there.
    const help = page.locator(".ac-adaptiveCard").filter({ hasText: helpCardText });
    await help.first().waitFor({ state: "visible", timeout: 30_000 });
    check(await help.filter({ hasText: directMessageTip }).count() === 1, "the personal chat's help card does not say what only a direct message's help says");
    await page.getByRole("treeitem", { name: /NOC Group/ }).first().click({ timeout: stepTimeout });
    // The bot welcomes the conversation it was added to: then it knows where to post there. The group chat's help card
    // is told apart from the personal chat's by what it says (only a direct message's help says "never in a direct
    // message"), not by the personal card leaving the DOM: the Playground may reuse the same card element for the
    // group chat's welcome, so waiting for it to be detached raced with that welcome.
    await help.filter({ hasNotText: directMessageTip }).first().waitFor({ state: "visible", timeout: stepTimeout });
    check(await help.filter({ hasText: directMessageTip }).count() === 0, "the personal chat's help card is still shown after opening the group chat");
  });

  const startsAt = new Date(Date.now() - 60_000).toISOString();
  await step("an alert fires: its card shows the proposed severity, the device, its last change and the first step's button", async () => {
    await notify("firing", startsAt);
    const card = alertCards().last();
    await card.waitFor({ state: "visible", timeout: stepTimeout });
    await card.getByText(new RegExp(`Last change`)).first().waitFor({ state: "visible", timeout: stepTimeout });
    const text = await card.innerText();
    log("rendered card", JSON.stringify(text.slice(0, 600)));
    check(/FIRING · 1 firing, 0 resolved · incident open/.test(text), `the card does not say it is firing:\n${text}`);
    check(/Severity\s*1 proposed by .+ \(now 3\); waiting for a confirmer until/.test(text), `the card does not show the proposed severity:\n${text}`);
    check(new RegExp(`Devices\\s*${device}`).test(text), `the card does not show the device:\n${text}`);
    check(new RegExp(`${device}\\s*interface-shutdown · succeeded .+ asked by Carol Castillo, approved by Bob Brandt \\(${lastChangeRequest}\\)`).test(text),
      `the card does not show the device's last change:\n${text}`);
    check(await card.getByRole("button", { name: `Run interface-counters on ${device}` }).isVisible(), `the card has no first-step button:\n${text}`);
    check(await card.getByRole("button", { name: "Confirm severity 1" }).isVisible(), `the card has no Confirm severity button:\n${text}`);
    check(await alertCards().count() === 1, `${await alertCards().count()} alert cards`);
    await shot("01-alert-card-firing.png");
  });

  await step("the alert resolves: the same card is updated in place, no second card", async () => {
    await notify("resolved", startsAt, new Date().toISOString());
    await page.locator(".ac-adaptiveCard").filter({ hasText: /RESOLVED · 0 firing, 1 resolved/ }).first().waitFor({ state: "visible", timeout: stepTimeout });
    const count = await alertCards().count();
    check(count === 1, `${count} alert cards after the alert resolved: the card was posted again instead of updated`);
    const text = await alertCards().first().innerText();
    check(/Resolved\s*\d{4}-\d{2}-\d{2}/.test(text), `the resolved card has no Resolved time:\n${text}`);
    check(!/FIRING/.test(text), `the updated card still says FIRING:\n${text}`);
    await shot("02-alert-card-resolved-in-place.png");
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
