// Browser benchmark (not a test): wasm size, navigation-to-interactive and
// keystroke-to-painted latency over a scripted fill of the whole form.
//   node tools/bench-page.mjs [dist/web]
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launch, startServer, SITE, FIXTURES } from './e2e/helpers.mjs';
import { pct, installKeystrokeProbe, keystrokeTimes, mainThreadProbe } from './bench-probe.mjs';

const site = process.argv[2] ?? SITE;
const fmt = (x) => x.toFixed(2);

const wasm = await readFile(join(site, 'pkg', 'pdti_form_bg.wasm'));
const glue = await readFile(join(site, 'pkg', 'pdti_form.js'));
console.log(`wasm: ${wasm.length} B raw, ${gzipSync(wasm, { level: 9 }).length} B gzip`);
console.log(`js glue: ${glue.length} B raw, ${gzipSync(glue, { level: 9 }).length} B gzip`);

const { server, url } = await startServer(site);
const browser = await launch();

// Navigation to interactive: from navigation start to the form being live.
// Interleaved with the same page whose checker is replaced by a script that
// only sets the ready mark: that page's time is what this browser and machine
// need to fetch, parse and lay out the pre-rendered form at all (the floor);
// the difference is the checker's own start-up (fetch + compile + mount).
const floorSite = await mkdtemp(join(tmpdir(), 'pdti-floor-'));
await cp(site, floorSite, { recursive: true });
// The floor's mark fires one task after DOMContentLoaded, where the real
// page's mount lands at the earliest, so that Chromium's own work right after
// DOMContentLoaded (the autofill scan of the text fields) counts in both.
await writeFile(join(floorSite, 'pdti.js'),
  "document.addEventListener('DOMContentLoaded', () => setTimeout(() => {\n" +
  "  performance.mark('pdti-ready');\n  document.documentElement.dataset.pdtiReady = 'true';\n}, 0));\n");
const floorServer = await startServer(floorSite);
async function loadOnce(address) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(address);
  await page.waitForSelector('html[data-pdti-ready]', { state: 'attached' });
  const t = await page.evaluate(() => ({
    ready: performance.getEntriesByName('pdti-ready')[0].startTime,
    wasm: performance.getEntriesByName('pdti-wasm-ready')[0]?.startTime,
    dom: performance.getEntriesByType('navigation')[0].domInteractive,
    fcp: (performance.getEntriesByName('first-contentful-paint')[0] ?? { startTime: NaN }).startTime,
  }));
  await context.close();
  return t;
}
const parts = [];
const floorParts = [];
for (let i = 0; i < 15; i++) {
  parts.push(await loadOnce(url));
  floorParts.push(await loadOnce(floorServer.url));
}
const floors = floorParts.map((p) => p.ready);
floorServer.server.close();
await rm(floorSite, { recursive: true, force: true });
const loads = parts.map((p) => p.ready);
console.log(`navigation to interactive: median ${fmt(pct(loads, 50))} ms, p95 ${fmt(pct(loads, 95))} ms (n=${loads.length})`);
console.log(`  floor, the same pre-rendered page with a script that does nothing: median ${fmt(pct(floors, 50))} ms; the checker adds ${fmt(pct(loads, 50) - pct(floors, 50))} ms`);
const fcp = pct(parts.map((p) => p.fcp), 50);
const floorFcp = pct(floorParts.map((p) => p.fcp), 50);
console.log(`  first paint (first contentful paint, the pre-rendered form on screen, typing already possible): median ${fmt(fcp)} ms; the floor ${fmt(floorFcp)} ms; ratio ${fmt(fcp / floorFcp)}`);
console.log(`  interactive ÷ floor: ${fmt(pct(loads, 50) / pct(floors, 50))} (both loads interleaved, 15 each)`);
console.log(`  of which: HTML parsed ${fmt(pct(parts.map((p) => p.dom), 50))} ms, wasm fetched+compiled+started ${fmt(pct(parts.map((p) => p.wasm - p.dom), 50))} ms, mount ${fmt(pct(parts.map((p) => p.ready - p.wasm), 50))} ms (medians)`);

// Cold start of the offline single file from file:// (if built: make dist).
const single = join(site, '..', 'pdti.html');
const singleBytes = await readFile(single).catch(() => null);
if (singleBytes) {
  const { pathToFileURL } = await import('node:url');
  const starts = [];
  for (let i = 0; i < 10; i++) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(pathToFileURL(single).href);
    await p.waitForSelector('html[data-pdti-ready]');
    starts.push(await p.evaluate(() => performance.getEntriesByName('pdti-ready')[0].startTime));
    await ctx.close();
  }
  console.log(`dist/pdti.html: ${singleBytes.length} B raw, ${gzipSync(singleBytes, { level: 9 }).length} B gzip; cold start from file:// median ${fmt(pct(starts, 50))} ms, p95 ${fmt(pct(starts, 95))} ms`);
}

// Keystroke to painted: every field of a complete return typed key by key.
const doc = JSON.parse(await readFile(join(FIXTURES, 'complete-return.json'), 'utf8'));
const entries = Object.entries(doc.values).map(([code, v]) => [code, v.input]);
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(url);
await page.waitForSelector('html[data-pdti-ready]');
await installKeystrokeProbe(page);
const probe = await mainThreadProbe(context, page);
let keys = 0;
for (const [code, text] of entries) {
  // A yes/no answer is a radio: chosen, not typed.
  const radio = page.locator(`[name="${code}"][type=radio]`);
  if (await radio.count()) {
    await page.check(`[name="${code}"][value="${text}"]`);
    continue;
  }
  await page.focus(`[name="${code}"]`);
  for (const ch of text) { await probe.type(ch); keys++; }
  // Leave the field, as a person does: its message and the summary follow.
  await page.keyboard.press('Tab');
}
await page.waitForTimeout(100);
const { handler, work: lat, paint } = await keystrokeTimes(page);
console.log(`keystroke checked (input event to form updated): p50 ${fmt(pct(handler, 50))} ms, p95 ${fmt(pct(handler, 95))} ms`);
console.log(`keystroke checked and laid out (input event to layout done): p50 ${fmt(pct(lat, 50))} ms, p95 ${fmt(pct(lat, 95))} ms, max ${fmt(Math.max(...lat))} ms over ${lat.length} keystrokes in ${entries.length} fields`);
console.log(`key press to next painted frame: p50 ${fmt(pct(paint, 50))} ms, p95 ${fmt(pct(paint, 95))} ms (includes the browser's own editing and the wait for the display's frame)`);
console.log(`main-thread time per keystroke (every task it causes, as Chromium counts it): p50 ${fmt(pct(probe.busy, 50))} ms, p95 ${fmt(pct(probe.busy, 95))} ms over ${probe.busy.length} keystrokes`);

// The engine alone, inside the page: full re-validation of the filled form.
const full = await page.evaluate(() => {
  const t = [];
  for (let i = 0; i < 200; i++) { const s = performance.now(); window.pdtiApp.validate(); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  return t[100];
});
console.log(`full re-validation + repaint of every message (validate()): median ${fmt(full)} ms`);
await browser.close();
server.close();
