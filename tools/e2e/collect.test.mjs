// The collector page (issue #14), hosted (dist/web/collect.html) and as the
// offline file (dist/pdti-collect.html from file://, every other request
// blocked and counted): files dropped and picked as the office does, the
// table, the province's totals against `pdti aggregate`, the workbook
// against the CLI's, a reload, undo, and bad files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, startServer, cargoRun, ROOT, FIXTURES } from './helpers.mjs';

const OFFLINE = pathToFileURL(join(ROOT, 'dist', 'pdti-collect.html')).href;
const LEGACY = join(FIXTURES, 'laichau-stp-2023h1.tsv');
const COMPLETE = join(FIXTURES, 'complete-return.json');
const MALFORMED = { name: 'hỏng.json', bytes: Buffer.from('{ "format": "pdti-return", ') };

let browser;
let site;
before(async () => {
  browser = await launch();
  site = await startServer();
});
after(async () => {
  await browser?.close();
  site?.server.close();
});

const file = (path) => ({ name: basename(path), bytes: readFileSync(path) });

/**
 * Runs the pdti command line (built by cargo if needed) in the fixtures'
 * folder, so that it names the files as the page does; its stdout and status.
 */
function pdti(...args) {
  const r = cargoRun(FIXTURES, ['--bin', 'pdti'], ...args);
  if (r.status === 2 || r.status === null) throw new Error(`pdti ${args.join(' ')}: ${r.stderr}`);
  return { stdout: r.stdout, status: r.status };
}

/** Every sheet's cells of a workbook, read by calamine (examples/xlsx_cells.rs). */
function cells(path) {
  const r = cargoRun(ROOT, ['--example', 'xlsx_cells'], path);
  if (r.status !== 0) throw new Error(`xlsx_cells: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function openCollector(url, context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('#collect[data-state="ready"]', { timeout: 20000 });
  return { page, errors };
}

/** Drops files on the page as a person drags them from a folder. */
async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') }));
  const dt = await page.evaluateHandle((list) => {
    const t = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      t.items.add(new File([bytes], f.name));
    }
    return t;
  }, payload);
  await page.dispatchEvent('[data-role="drop"]', 'drop', { dataTransfer: dt });
}

const rows = (page) => page.locator('[data-role="returns"] tbody tr[data-agency]');

async function waitRows(page, n) {
  await page.waitForFunction((k) => document.querySelectorAll('[data-role="returns"] tbody tr[data-agency]').length === k, n);
}

/** The province's totals the page shows: field code → exact value. */
async function pageTotals(page) {
  return page.$$eval('[data-role="totals"] tr[data-field]', (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.field, tr.dataset.value])));
}

function cliTotals() {
  const out = JSON.parse(pdti('aggregate', '--format', 'json', basename(LEGACY), basename(COMPLETE)).stdout);
  return Object.fromEntries(Object.entries(out.totals)
    .filter(([, t]) => t.value !== null)
    .map(([code, t]) => [code, String(t.value)]));
}

async function threeFilesDroppedTogether(page) {
  await dropFiles(page, [file(LEGACY), file(COMPLETE), MALFORMED]);
  await waitRows(page, 2);
  const refused = await page.locator('[data-role="refused"] li').allInnerTexts();
  assert.equal(refused.length, 1, refused.join('\n'));
  assert.match(refused[0], /^hỏng\.json: /);
}

test('hosted: the sample, the complete return and a malformed file dropped together give two rows, one refusal naming the file, and the totals pdti aggregate prints', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  const { page, errors } = await openCollector(site.url + 'collect.html', context);
  await threeFilesDroppedTogether(page);
  const agencies = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.dataset.agency));
  assert.deepEqual(agencies.sort(), ['Sở Tư pháp', 'Sở Tư pháp']);
  // The same agency twice is flagged on both rows, as pdti aggregate warns.
  assert.equal(await page.locator('[data-role="returns"] .c-flag', { hasText: 'Cơ quan này có nhiều bản' }).count(), 2);
  assert.deepEqual(await pageTotals(page), cliTotals());
  // Every row shows the fingerprint the signed copy prints.
  const fingerprints = await page.locator('[data-role="returns"] .c-fingerprint').allInnerTexts();
  assert.ok(fingerprints.includes('6CEB-E67B-9E3C-09E4'), fingerprints.join(', '));
  await page.locator('[data-action="select"]').first().click();
  assert.doesNotMatch(await page.locator('#collect').innerText(), /\bnull\b|undefined|\[object /);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hosted: a reload keeps the returns, and removing one can be undone', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const { page, errors } = await openCollector(site.url + 'collect.html', context);
  await page.setInputFiles('[data-action="add-returns"]', [file(LEGACY), file(COMPLETE)].map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.bytes })));
  await waitRows(page, 2);
  await page.reload();
  await page.waitForSelector('#collect[data-state="ready"]');
  await waitRows(page, 2);
  await page.locator('[data-action="select"]', { hasText: 'Sở Tư pháp' }).first().click();
  await page.click('[data-action="remove"]');
  await waitRows(page, 1);
  await page.reload();
  await page.waitForSelector('#collect[data-state="ready"]');
  await waitRows(page, 1);
  // Undo lives as long as the page; after a reload the removal stands.
  await page.locator('[data-action="select"]').first().click();
  await page.click('[data-action="remove"]');
  await page.waitForSelector('[data-role="empty"]:not([hidden])');
  await page.click('[data-action="undo"]');
  await waitRows(page, 1);
  // A new cycle: everything cleared after a second press, and undone.
  await page.click('[data-action="clear-all"]');
  await waitRows(page, 1);
  await page.click('[data-action="clear-all"]');
  await page.waitForSelector('[data-role="empty"]:not([hidden])');
  assert.ok(await page.locator('[data-action="export-xlsx"]').isHidden());
  await page.click('[data-action="undo"]');
  await waitRows(page, 1);
  await page.reload();
  await page.waitForSelector('#collect[data-state="ready"]');
  await waitRows(page, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hosted: sorting by errors and "only returns with errors" leave the sample alone on top', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const { page } = await openCollector(site.url + 'collect.html', context);
  await dropFiles(page, [file(COMPLETE), file(LEGACY)]);
  await waitRows(page, 2);
  await page.click('[data-sort="errors"]');
  assert.equal(await page.getAttribute('th:has([data-sort="errors"])', 'aria-sort'), 'descending');
  const first = await rows(page).first().locator('.c-file-name').innerText();
  assert.equal(first, basename(LEGACY));
  await page.check('[data-action="only-errors"]');
  await waitRows(page, 1);
  await context.close();
});

test('hosted: a row shows its findings, opens read-only in the form, downloads, and saves the list to send back', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  const { page, errors } = await openCollector(site.url + 'collect.html', context);
  await dropFiles(page, [file(LEGACY)]);
  await waitRows(page, 1);
  await page.click('[data-action="select"]');
  const findings = page.locator('[data-role="findings"] li');
  assert.ok(await findings.count() > 10);
  await page.click('[data-action="view-return"]');
  const viewer = page.locator('[data-role="viewer"]');
  await viewer.locator('[name="agency.name"]').waitFor();
  assert.equal(await viewer.locator('[name="agency.name"]').inputValue(), 'Sở Tư pháp');
  assert.equal(await viewer.locator('[name="3.1.1"]').getAttribute('readonly'), '');
  // Nothing that would change the return: no open, import or start-again.
  assert.ok(await viewer.locator('[data-action="reset"]').isHidden());
  assert.ok(await viewer.locator('[data-action="open"]').isHidden());
  await page.click('[data-action="close-viewer"]');
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="download-return"]')]);
  const doc = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(doc.format, 'pdti-return');
  const [list] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="save-send-back"]')]);
  const text = await readFile(await list.path(), 'utf8');
  assert.equal(list.suggestedFilename(), 'PDTI_Sở-Tư-pháp_2023-01-01_2023-06-30_gui-lai.txt');
  assert.match(text, /Cơ quan: Sở Tư pháp/);
  assert.match(text, /Lỗi cần sửa:/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hosted: a zip, a PDF and a file over the limit are refused with their reasons, and nothing else changes', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const { page } = await openCollector(site.url + 'collect.html', context);
  await dropFiles(page, [file(COMPLETE)]);
  await waitRows(page, 1);
  // Files on disk, as a person picks them (a 50 MB buffer cannot be handed over).
  const dir = await mkdtemp(join(tmpdir(), 'pdti-bad-'));
  const files = [
    ['bao-cao.zip', Buffer.from('PK\x03\x04rest-of-zip')],
    ['ban-in.pdf', Buffer.from('%PDF-1.7\n')],
    ['lon.json', Buffer.alloc(50 * 1024 * 1024, 32)],
    ['complete-again.json', readFileSync(COMPLETE)],
  ];
  for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
  await page.setInputFiles('[data-action="add-returns"]', files.map(([name]) => join(dir, name)));
  await page.waitForSelector('[data-role="refused"] li >> nth=3');
  const refused = await page.locator('[data-role="refused"] li').allInnerTexts();
  assert.match(refused[0], /^bao-cao\.zip: .*tệp nén/);
  assert.match(refused[1], /^ban-in\.pdf: .*PDF/);
  assert.match(refused[2], /^lon\.json: tệp quá lớn \(50 MB/);
  assert.match(refused[3], /^complete-again\.json: trùng nội dung/);
  await waitRows(page, 1);
  await context.close();
});

test('hosted: the workbook exported from the page holds the same cells as pdti aggregate --format xlsx', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  const { page } = await openCollector(site.url + 'collect.html', context);
  await page.setInputFiles('[data-action="add-returns"]', [file(LEGACY), file(COMPLETE)].map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.bytes })));
  await waitRows(page, 2);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-xlsx"]')]);
  assert.equal(dl.suggestedFilename(), 'pdti-tong-hop_2023-01-01_2023-06-30.xlsx');
  const dir = await mkdtemp(join(tmpdir(), 'pdti-xlsx-'));
  const fromPage = join(dir, 'page.xlsx');
  await dl.saveAs(fromPage);
  const fromCli = join(dir, 'cli.xlsx');
  pdti('aggregate', '--format', 'xlsx', '-o', fromCli, basename(LEGACY), basename(COMPLETE));
  const a = cells(fromPage);
  const b = cells(fromCli);
  assert.deepEqual(Object.keys(a), ['Tổng hợp', 'Chỉ tiêu', 'Tổng cộng', 'Lỗi']);
  assert.deepEqual(a, b);
  await context.close();
});

test('offline file: from file://, with zero network requests, the same three files give two rows, and the workbook exports', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  const others = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === OFFLINE) return route.continue();
    others.push(url);
    return route.abort();
  });
  const { page, errors } = await openCollector(OFFLINE, context);
  await threeFilesDroppedTogether(page);
  assert.deepEqual(await pageTotals(page), cliTotals());
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-xlsx"]')]);
  const dir = await mkdtemp(join(tmpdir(), 'pdti-xlsx-'));
  await dl.saveAs(join(dir, 'offline.xlsx'));
  pdti('aggregate', '--format', 'xlsx', '-o', join(dir, 'cli.xlsx'), basename(LEGACY), basename(COMPLETE));
  assert.deepEqual(cells(join(dir, 'offline.xlsx')), cells(join(dir, 'cli.xlsx')));
  await page.reload();
  await page.waitForSelector('#collect[data-state="ready"]');
  await waitRows(page, 2);
  assert.deepEqual(others, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hosted: last period added, a count that more than doubled is flagged on its row, in the return, and in the workbook', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  const { page, errors } = await openCollector(site.url + 'collect.html', context);
  await dropFiles(page, [file(COMPLETE)]);
  await waitRows(page, 1);
  // Last period: the same department with 20 computers (43 now: +115 %).
  const before = readFileSync(COMPLETE, 'utf8').replace('"input": "43"', '"input": "20"').replace(/"value": 43\b/, '"value": 20');
  await page.setInputFiles('[data-action="add-previous"]', [{ name: 'ky-truoc.json', mimeType: 'application/json', buffer: Buffer.from(before) }]);
  await page.waitForSelector('[data-role="returns"] th:has-text("So với kỳ trước")');
  const row = rows(page).first();
  assert.match(await row.innerText(), /1 cần xem lại/);
  await page.click('[data-action="select"]');
  assert.match(await page.locator('[data-role="detail"]').innerText(), /Mục 3\.1\.1 tăng 115 % so với kỳ trước \(20 → 43\)/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-xlsx"]')]);
  const path = join(await mkdtemp(join(tmpdir(), 'pdti-xlsx-')), 'with-previous.xlsx');
  await dl.saveAs(path);
  const book = cells(path);
  assert.deepEqual(Object.keys(book), ['Tổng hợp', 'Chỉ tiêu', 'Tổng cộng', 'Lỗi', 'So với kỳ trước']);
  assert.ok(book['So với kỳ trước'].some((r) => r.includes('K1')), JSON.stringify(book['So với kỳ trước'].slice(0, 3)));
  assert.deepEqual(errors, []);
  await context.close();
});

test('hosted: axe-core finds no accessibility violations with returns added, one opened, and the read-only view', async () => {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const { page } = await openCollector(site.url + 'collect.html', context);
  await dropFiles(page, [file(LEGACY), file(COMPLETE), MALFORMED]);
  await waitRows(page, 2);
  await page.locator('[data-action="select"]').first().click();
  await page.addScriptTag({ path: axePath });
  const check = async () => {
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0].target})`);
  };
  assert.deepEqual(await check(), []);
  await page.click('[data-action="view-return"]');
  await page.locator('[data-role="viewer"] [name="agency.name"]').waitFor();
  assert.deepEqual(await check(), []);
  await context.close();
});

test('hosted: a corrected file replaces the old one, survives a reload, and a second tab follows', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const { page, errors } = await openCollector(site.url + 'collect.html', context);
  await dropFiles(page, [file(COMPLETE)]);
  await waitRows(page, 1);
  const other = await openCollector(site.url + 'collect.html', context);
  await waitRows(other.page, 1);
  await page.click('[data-action="select"]');
  // A broken file does not replace anything.
  await page.setInputFiles('[data-action="replace"]', [MALFORMED].map((f) => ({ name: f.name, mimeType: 'application/json', buffer: f.bytes })));
  await page.waitForSelector('[data-role="refused"] li');
  assert.equal(await rows(page).locator('.c-file-name').innerText(), 'complete-return.json');
  const fixed = readFileSync(COMPLETE, 'utf8').replace('"input": "43"', '"input": "44"').replace(/"value": 43\b/, '"value": 44');
  await page.setInputFiles('[data-action="replace"]', [{ name: 'so-tu-phap-sua.json', mimeType: 'application/json', buffer: Buffer.from(fixed) }]);
  await page.waitForFunction(() => document.querySelector('[data-role="returns"] .c-file-name')?.textContent === 'so-tu-phap-sua.json');
  await waitRows(page, 1);
  // The other tab shows the same list.
  await other.page.waitForFunction(() => document.querySelector('[data-role="returns"] .c-file-name')?.textContent === 'so-tu-phap-sua.json');
  await page.reload();
  await page.waitForSelector('#collect[data-state="ready"]');
  await waitRows(page, 1);
  assert.equal(await rows(page).locator('.c-file-name').innerText(), 'so-tu-phap-sua.json');
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  await context.close();
});
