// Drive headless Chromium over the DevTools protocol (on a pipe: no npm package, no network)
// to check an HTML report at given widths. Used by scripts/browser-check.sh; see there.
//
//   node scripts/browser-check.mjs REPORT.html OUTDIR [WIDTH...]
//
// For each width (default 375 and 1280) it emulates a device of that width (mobile below
// 600 px, so <meta viewport> applies), loads the page, records script errors, console errors
// and CSP violations, measures every card for horizontal overflow and the smallest rendered
// plot text, and saves a full-page screenshot OUTDIR/report-WIDTH.png and the measurements
// OUTDIR/check-WIDTH.json. Exits 1 when any check fails, 2 on bad usage or a browser failure.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, outdir, ...widthArgs] = process.argv.slice(2);
if (!report || !outdir) {
  console.error("usage: browser-check.mjs REPORT.html OUTDIR [WIDTH...]");
  process.exit(2);
}
if (!existsSync(report)) {
  console.error(`error: ${report}: no such file`);
  process.exit(2);
}
const widths = widthArgs.length ? widthArgs.map(Number) : [375, 1280];
const url = pathToFileURL(resolve(report)).href;
const chromium = process.env.CHROMIUM || "chromium";
const profile = mkdtempSync(join(tmpdir(), "browser-check-"));

const browser = spawn(
  chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
    `--user-data-dir=${profile}`,
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let browserLog = "";
browser.stdio[2].on("data", (d) => (browserLog += d));
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];

const watchdog = setTimeout(() => fail("timed out after 90 s"), 90_000);

function fail(message) {
  console.error(`error: ${message}`);
  if (browserLog.trim()) console.error(browserLog.trim().split("\n").slice(-5).join("\n"));
  try {
    browser.kill("SIGKILL");
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  } catch {}
  process.exit(2);
}

browser.on("error", (e) => fail(`cannot start ${chromium}: ${e.message}`));

// --- the protocol: JSON messages separated by NUL bytes ---------------------------------
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = "";
fromBrowser.on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let end;
  while ((end = buffer.indexOf("\0")) >= 0) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  toBrowser.write(JSON.stringify(msg) + "\0");
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}

function once(method, sessionId) {
  return new Promise((resolve) => {
    const l = (msg) => {
      if (msg.method === method && msg.sessionId === sessionId) {
        listeners.splice(listeners.indexOf(l), 1);
        resolve(msg.params);
      }
    };
    listeners.push(l);
  });
}

// Runs in the page: overflow of every card and section, smallest plot text, lang and title.
const MEASURE = `(() => {
  const overflow = [];
  for (const b of document.querySelectorAll(".card, .summary, section, article, main, header, footer")) {
    if (b.scrollWidth > b.clientWidth + 1) {
      const h = b.querySelector("h1, h2, h3");
      overflow.push((b.id || b.className || b.tagName) + " (" + (h ? h.textContent.trim() : "") +
        "): content " + b.scrollWidth + " px wide in a " + b.clientWidth + " px box");
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1)
    overflow.push("page scrolls sideways: " + doc.scrollWidth + " > " + window.innerWidth);
  let smallest = null;
  for (const t of document.querySelectorAll("svg text")) {
    const h = t.getBoundingClientRect().height;
    if (h > 0 && (smallest === null || h < smallest)) smallest = h;
  }
  return {
    width: window.innerWidth,
    height: Math.ceil(Math.max(doc.scrollHeight, document.body ? document.body.scrollHeight : 0)),
    cards: document.querySelectorAll(".card").length,
    plots: document.querySelectorAll("svg").length,
    lang: doc.getAttribute("lang") || "",
    title: document.title,
    smallestPlotTextPx: smallest === null ? null : Math.round(smallest * 10) / 10,
    overflow,
  };
})()`;

// Runs in the page: focus the first contradicted figure (else the first figure) of a draft
// check page and measure its popover; null on a page without figures.
const FOCUS = `(() => {
  const a = document.querySelector(".fig.v-contradicted a[href]") || document.querySelector(".fig a[href]");
  if (!a) return null;
  a.focus();
  a.scrollIntoView({ block: "center" });
  const pop = a.parentElement.querySelector(".pop");
  const box = pop && (pop.querySelector(".box") || pop);
  const r = box ? box.getBoundingClientRect() : null;
  return {
    figure: a.textContent.trim(),
    shown: !!pop && getComputedStyle(pop).visibility === "visible",
    left: r ? Math.round(r.left) : null,
    right: r ? Math.round(r.right) : null,
    pageWider: document.documentElement.scrollWidth > window.innerWidth + 1,
  };
})()`;

async function check(width) {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const errors = [];
  const onEvent = (msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params;
    if (msg.method === "Runtime.exceptionThrown") {
      const d = p.exceptionDetails;
      errors.push(`script error: ${(d.exception && d.exception.description) || d.text}`);
    } else if (msg.method === "Runtime.consoleAPICalled" && p.type === "error") {
      errors.push(`console error: ${p.args.map((a) => a.value ?? a.description).join(" ")}`);
    } else if (msg.method === "Log.entryAdded" && p.entry.level === "error") {
      errors.push(`${p.entry.source} error: ${p.entry.text}`);
    }
  };
  listeners.push(onEvent);
  await send("Page.enable", {}, sessionId);
  await send("Runtime.enable", {}, sessionId);
  await send("Log.enable", {}, sessionId);
  await send(
    "Emulation.setDeviceMetricsOverride",
    { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 },
    sessionId,
  );
  const loaded = once("Page.loadEventFired", sessionId);
  const nav = await send("Page.navigate", { url }, sessionId);
  if (nav.errorText) throw new Error(`cannot load ${url}: ${nav.errorText}`);
  await loaded;
  // let layout and fonts settle
  await send("Runtime.evaluate", { expression: "document.fonts.ready.then(() => 0)", awaitPromise: true }, sessionId);
  const { result } = await send("Runtime.evaluate", { expression: MEASURE, returnByValue: true }, sessionId);
  const m = result.value;
  // Chromium cannot capture more than ~16,000 px at once: a longer page comes in parts,
  // report-WIDTH.png then report-WIDTH-2.png, … (at most 60,000 px in all).
  const total = Math.min(Math.max(m.height, 600), 60000);
  const png = join(outdir, `report-${width}.png`);
  for (let part = 0, y = 0; y < total; part++, y += 16000) {
    const height = Math.min(16000, total - y);
    const shot = await send(
      "Page.captureScreenshot",
      { format: "png", captureBeyondViewport: true, clip: { x: 0, y, width, height, scale: 1 } },
      sessionId,
    );
    const name = part === 0 ? png : join(outdir, `report-${width}-${part + 1}.png`);
    writeFileSync(name, Buffer.from(shot.data, "base64"));
  }
  // A draft check page: focus a figure (the first contradicted one) as a keyboard user would,
  // check that its popover stays on the screen, and save what the screen shows.
  const { result: focused } = await send("Runtime.evaluate", { expression: FOCUS, returnByValue: true }, sessionId);
  const popover = focused.value;
  if (popover) {
    await new Promise((r) => setTimeout(r, 100));
    const view = await send("Page.captureScreenshot", { format: "png" }, sessionId);
    writeFileSync(join(outdir, `focus-${width}.png`), Buffer.from(view.data, "base64"));
  }
  listeners.splice(listeners.indexOf(onEvent), 1);
  await send("Target.closeTarget", { targetId });

  const problems = [...errors, ...m.overflow.map((o) => `overflow: ${o}`)];
  if (m.width !== width)
    problems.push(`viewport is ${m.width} px, not ${width} px (no <meta viewport>, or content wider than the screen)`);
  if (m.smallestPlotTextPx !== null && m.smallestPlotTextPx < 8)
    problems.push(`plot text only ${m.smallestPlotTextPx} px high`);
  if (popover && popover.shown) {
    if (popover.left < 0 || popover.right > width + 1)
      problems.push(`the popover of a focused figure runs off the screen (${popover.left}..${popover.right} px)`);
    if (popover.pageWider) problems.push("the page scrolls sideways while a figure's popover is open");
  }
  if (!m.lang) problems.push("no <html lang>");
  if (!m.title) problems.push("no <title>");
  writeFileSync(join(outdir, `check-${width}.json`), JSON.stringify({ ...m, popover, errors, problems }, null, 2) + "\n");
  console.error(
    `${width} px: ${m.cards} cards, ${m.plots} plots, page ${m.height} px high, ` +
      `smallest plot text ${m.smallestPlotTextPx} px; screenshot ${png}`,
  );
  for (const p of problems) console.error(`error: ${width} px: ${p}`);
  return problems.length === 0;
}

let ok = true;
try {
  for (const w of widths) ok = (await check(w)) && ok;
} catch (e) {
  fail(e.message);
}
// close the browser and wait for it to exit before removing its profile
const exited = new Promise((resolve) => browser.once("exit", resolve));
send("Browser.close").catch(() => {});
await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
browser.kill("SIGKILL");
clearTimeout(watchdog);
try {
  rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
} catch {}
process.exit(ok ? 0 : 1);
