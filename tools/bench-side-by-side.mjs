// Side-by-side benchmark (not a test; `make bench-peer`): the PDTI form in
// pdti-form and the same form, fields, rules and indicators in SurveyJS
// (survey-core + survey-js-ui, the peer an integrator would otherwise pick),
// both driven by one harness in one headless Chromium run. Prints a table
// with ratios, and with --markdown the same table for the README.
//   node tools/bench-side-by-side.mjs [--markdown] [--runs N]
import { readFile, writeFile, mkdir, copyFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import os from 'node:os';
import { launch, startServer, ROOT, SITE, FIXTURES } from './e2e/helpers.mjs';
import { surveyModel, qname } from './bench-peer/surveyjs-model.mjs';
import { pct, installKeystrokeProbe, keystrokeTimes, mainThreadProbe } from './bench-probe.mjs';

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;

// ---- the peer's site: SurveyJS files from npm + the model from our definition
const PEER = join(ROOT, 'dist', 'bench-peer');
async function buildPeer() {
  const core = join(ROOT, 'tools', 'node_modules', 'survey-core');
  const ui = join(ROOT, 'tools', 'node_modules', 'survey-js-ui');
  await rm(PEER, { recursive: true, force: true });
  await mkdir(PEER, { recursive: true });
  for (const [from, to] of [
    [join(core, 'survey.core.min.js'), 'survey.core.min.js'],
    [join(core, 'survey-core.fontless.min.css'), 'survey-core.fontless.min.css'],
    [join(core, 'i18n', 'vietnamese.min.js'), 'vietnamese.min.js'],
    [join(ui, 'survey-js-ui.min.js'), 'survey-js-ui.min.js'],
    [join(ROOT, 'tools', 'bench-peer', 'index.html'), 'index.html'],
    [join(ROOT, 'tools', 'bench-peer', 'boot.js'), 'boot.js'],
  ]) await copyFile(from, join(PEER, to));
  const def = JSON.parse(await readFile(join(ROOT, 'src', 'forms', 'pdti-2023.json'), 'utf8'));
  await writeFile(join(PEER, 'survey-model.js'), `window.PDTI_SURVEY = ${JSON.stringify(surveyModel(def))};\n`);
  const version = JSON.parse(await readFile(join(core, 'package.json'), 'utf8')).version;
  return version;
}

const PROFILES = {
  'pdti-form': {
    ready: 'html[data-pdti-ready]',
    mark: 'pdti-ready',
    selector: async (_page, code) => `[name="${code}"]`,
    validate: () => window.pdtiApp.validate(),
    errors: () => JSON.parse(window.pdtiApp.getReturn()).findings.filter((f) => f.severity === 'error').map((f) => `${f.fields[0]} ${f.message.vi}`),
  },
  SurveyJS: {
    ready: 'html[data-peer-ready]',
    mark: 'peer-ready',
    selector: async (page, code) => '#' + (await page.evaluate((n) => window.survey.getQuestionByName(n).inputId, qname(code))),
    validate: () => window.survey.validate(false, false),
    errors: () => {
      window.survey.validate(true, false);
      return window.survey.getAllQuestions().filter((q) => q.errors.length).map((q) => `${q.name} ${q.errors.map((e) => e.getText()).join(' / ')}`);
    },
  },
};

/** Every byte the page loads (cold), raw and gzip -9 per resource. */
async function bytesShipped(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (r) => bodies.push(r.body().then((b) => b, () => Buffer.alloc(0))));
  await page.goto(url, { waitUntil: 'networkidle' });
  const all = await Promise.all(bodies);
  await context.close();
  return { raw: all.reduce((n, b) => n + b.length, 0), gzip: all.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0), files: all.length };
}

/**
 * Records, inside the page, when it became interactive: the moment its
 * ready attribute is set, then its next frame and one task after it, the
 * same point in both pages (SurveyJS sets its mark before its first layout,
 * pdti-form after its mount; the harness's polling adds nothing).
 */
const READY_PROBE = () => {
  // The script runs before <html> exists: watch the whole document.
  new MutationObserver((_, obs) => {
    const html = document.documentElement;
    if (!html || (!('pdtiReady' in html.dataset) && !('peerReady' in html.dataset))) return;
    obs.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__interactive = performance.now(); }, 0));
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-pdti-ready', 'data-peer-ready'] });
};

async function loadOnce(browser, url, prof) {
  const context = await browser.newContext();
  await context.addInitScript(READY_PROBE);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(prof.ready, { timeout: 60000, state: 'attached' });
  await page.waitForFunction(() => window.__interactive !== undefined);
  const t = await page.evaluate(() => window.__interactive);
  await context.close();
  return t;
}

/** Navigation to interactive, the two pages loaded in turn (machine drift hits both alike). */
async function interactiveInterleaved(browser) {
  const times = { 'pdti-form': [], SurveyJS: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [name, prof] of Object.entries(PROFILES)) times[name].push(await loadOnce(browser, sites[name].url, prof));
  }
  return { 'pdti-form': pct(times['pdti-form'], 50), SurveyJS: pct(times.SurveyJS, 50) };
}

/** The same scripted fill in both: every value of a complete return, key by key. */
async function keystrokes(browser, url, prof, entries) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(prof.ready, { timeout: 60000 });
  await installKeystrokeProbe(page);
  // Main-thread time per keystroke as Chromium counts it (all tasks, async
  // work included), minus the harness's own cost measured the same way.
  const probe = await mainThreadProbe(context, page);
  let keys = 0;
  for (const [code, text] of entries) {
    // Yes/no is two radios in pdti-form and a text box in the peer: not a
    // keystroke in one of them, so neither types it.
    if (YES_NO.has(code)) continue;
    await page.focus(await prof.selector(page, code));
    for (const ch of text) {
      await probe.type(ch);
      keys++;
    }
  }
  const busy = probe.busy;
  await page.waitForTimeout(200);
  const { work, paint } = await keystrokeTimes(page);
  const full = await page.evaluate((v) => {
    const f = new Function(`return (${v})()`);
    const t = [];
    for (let i = 0; i < 30; i++) { const s = performance.now(); f(); t.push(performance.now() - s); }
    t.sort((a, b) => a - b);
    return t[15];
  }, prof.validate.toString());
  const errors = await page.evaluate((f) => new Function(`return (${f})()`)(), prof.errors.toString());
  await context.close();
  return { keys, work, paint, busy, full, errors };
}

const version = await buildPeer();
const doc = JSON.parse(await readFile(join(FIXTURES, 'complete-return.json'), 'utf8'));
const entries = Object.entries(doc.values).map(([code, v]) => [code, v.input]);
const YES_NO = new Set(Object.entries(doc.values).filter(([, v]) => typeof v.value === 'boolean').map(([c]) => c));
const browser = await launch();
const chromiumVersion = browser.version();
const sites = { 'pdti-form': await startServer(SITE), SurveyJS: await startServer(PEER) };
const results = {};
for (const [name] of Object.entries(PROFILES)) results[name] = { bytes: await bytesShipped(browser, sites[name].url) };
const tti = await interactiveInterleaved(browser);
process.stderr.write('measured the loads\n');
// The scripted fill, page by page in turn, twice each; the figures pool both rounds.
for (let round = 0; round < 2; round++) {
  for (const [name, prof] of Object.entries(PROFILES)) {
    const k = await keystrokes(browser, sites[name].url, prof, entries);
    const r = results[name];
    r.tti = tti[name];
    r.keys = (r.keys ?? 0) + k.keys;
    for (const key of ['work', 'paint', 'busy']) r[key] = (r[key] ?? []).concat(k[key]);
    r.fulls = (r.fulls ?? []).concat([k.full]);
    r.errors = k.errors;
    r.full = pct(r.fulls, 50);
    process.stderr.write(`measured ${name}, round ${round + 1}\n`);
  }
}
await browser.close();
Object.values(sites).forEach((s) => s.server.close());

const us = results['pdti-form'];
const peer = results.SurveyJS;
const rows = [
  ['keystroke: main-thread time, every task it causes, p50 (ms)', (r) => pct(r.busy, 50), 2],
  ['keystroke: main-thread time, every task it causes, p95 (ms)', (r) => pct(r.busy, 95), 2],
  ['bytes shipped, raw (KB)', (r) => r.bytes.raw / 1024, 0],
  ['bytes shipped, gzip (KB)', (r) => r.bytes.gzip / 1024, 0],
  ['navigation → interactive (ready, next frame, one task), median (ms)', (r) => r.tti, 0],
  ['keystroke: input event → checked + laid out, p50 (ms)', (r) => pct(r.work, 50), 2],
  ['keystroke: input event → checked + laid out, p95 (ms)', (r) => pct(r.work, 95), 2],
  ['keystroke: key press → next painted frame, p95 (ms)', (r) => pct(r.paint, 95), 1],
  ['full re-validation of the filled form, median (ms)', (r) => r.full, 2],
];
// Do both models find the same on the complete return? Each difference listed.
for (const [name, r] of Object.entries(results)) {
  process.stderr.write(`${name}: ${r.errors.length} errors on the complete return${r.errors.length ? ':\n  ' + r.errors.join('\n  ') : ''}\n`);
}
const machine = `${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Chromium ${chromiumVersion}`;
const date = new Date().toISOString().slice(0, 10);
const title = `pdti-form vs SurveyJS ${version} — ${date}, ${machine}; ${us.keys} keystrokes over ${entries.length - YES_NO.size} fields (two fills each, in turn), medians of ${RUNS} loads of each, in turn`;
if (markdown) {
  console.log(`${title}\n\n| measure | pdti-form | SurveyJS | SurveyJS ÷ pdti-form |\n|---|---:|---:|---:|`);
  for (const [label, f, d] of rows) console.log(`| ${label} | ${f(us).toFixed(d)} | ${f(peer).toFixed(d)} | ${(f(peer) / f(us)).toFixed(1)}× |`);
} else {
  console.log(title);
  console.log(`${'measure'.padEnd(58)}${'pdti-form'.padStart(11)}${'SurveyJS'.padStart(11)}${'ratio'.padStart(9)}`);
  for (const [label, f, d] of rows) console.log(`${label.padEnd(58)}${f(us).toFixed(d).padStart(11)}${f(peer).toFixed(d).padStart(11)}${((f(peer) / f(us)).toFixed(1) + '×').padStart(9)}`);
}
