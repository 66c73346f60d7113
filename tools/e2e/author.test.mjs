// A province ships its own form without Rust (issue 15): `pdti page` writes
// the offline file and the hosted folder of the tutorial's definition
// (docs/tutorial/my-index.json); the file is opened from file:// with every
// other request blocked, filled, scored and downloaded; the folder is served
// and works the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, startServer, cargoRun, ROOT, fillAndLeave, choose, downloadReturn, totalLine, shownTotal } from './helpers.mjs';

const TUTORIAL = join(ROOT, 'docs', 'tutorial', 'my-index.json');
const definition = JSON.parse(await readFile(TUTORIAL, 'utf8'));
let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'pdti-author-'));
});
after(async () => { await browser?.close(); });

/**
 * Downloads the return and reads it; `pdti validate --definition` scores
 * the downloaded file exactly as the return says.
 */
async function downloaded(page) {
  const download = await downloadReturn(page);
  const path = await download.path();
  const doc = JSON.parse(await readFile(path, 'utf8'));
  const r = cargoRun(ROOT, ['--bin', 'pdti'], 'validate', '--format', 'json', '--definition', TUTORIAL, path);
  assert.ok(r.status < 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout)[0].score, doc.score);
  return doc;
}

/**
 * The tutorial's form, filled as an official would: one rule broken, then
 * mended; a step table, a yes/no; the total and level shown equal to the
 * downloaded return's, before a group is chosen (scored in the first) and
 * in the other group.
 */
async function fillAndScore(page) {
  assert.equal(await page.title(), definition.title.vi);
  assert.equal(await page.locator('[name="3.1.1"]').count(), 0, 'the shipped form is not there');
  const total = page.locator('#pdti-total');
  const group = page.locator('#pdti-total-group');
  // The static page (or the first render) already says the empty return's score, not provisional.
  assert.equal(await total.textContent(), 'Tổng điểm: 0 / 130 (0 %) · Mức: Chưa đạt');
  assert.equal(await group.textContent(), 'Chưa chọn nhóm cơ quan; đang tính theo nhóm: Cơ quan có thủ tục hành chính');
  assert.equal(await page.locator('[name="agency.group"]:checked').count(), 0, 'no group chosen on a new return');
  await fillAndLeave(page, 'agency.name', 'Sở Nội vụ');
  await fillAndLeave(page, 'period.from', '01/01/2026');
  await fillAndLeave(page, 'period.to', '31/12/2026');
  await fillAndLeave(page, '1.1', '50');
  await fillAndLeave(page, '1.2', '50');
  await fillAndLeave(page, '2.1', '100');
  await fillAndLeave(page, '2.1.a', '20');
  await fillAndLeave(page, '2.1.b', '90');
  // R2: the parts exceed the whole, said at the first part, in the definition's words.
  assert.equal(await page.getAttribute('[name="2.1.a"]', 'aria-invalid'), 'true');
  assert.equal(await page.locator('[id="msg-2.1.a"]').textContent(), 'Lỗi: Hồ sơ trực tuyến (110) nhiều hơn tổng số hồ sơ (100).');
  await fillAndLeave(page, '2.1.b', '30');
  assert.equal(await page.getAttribute('[name="2.1.a"]', 'aria-invalid'), null);
  await fillAndLeave(page, '3.1', '2');
  await choose(page, '3.2', 'có');
  // 50/50 of 40 points, 20/100 of 60, 2 meetings a year 10 of 20, a plan 10 of 10.
  assert.equal((await page.locator('[id="indp-HT-1"]').textContent()).trim(), '40 / 40');
  assert.equal((await page.locator('[id="indp-DV-1"]').textContent()).trim(), '12 / 60');
  assert.equal((await page.locator('[id="indp-CD-1"]').textContent()).trim(), '10 / 20');
  assert.equal((await page.locator('[id="indp-CD-2"]').textContent()).trim(), '10 / 10');
  // 72 of 130: 55,38 %, "Đạt" (above 40, not above 60); live, before any download.
  const first = 'Tổng điểm: 72 / 130 (55,38 %) · Mức: Đạt';
  assert.equal(await shownTotal(page, first), first);
  const pillars = (await page.locator('#pdti-pillars').textContent()).replace(/\u00a0/g, ' ');
  assert.equal(pillars, 'Theo trụ cột — HT: 40 / 40 · DV: 12 / 60 · CD: 20 / 30');
  const doc = await downloaded(page);
  assert.equal(doc.form.id, definition.id);
  assert.equal(doc.form.version, definition.version);
  assert.deepEqual(doc.values['2.1.a'], { input: '20', value: 20 });
  assert.deepEqual(doc.findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(doc.indicators.map((i) => [i.code, i.points]), [['HT-1', '40'], ['DV-1', '12'], ['CD-1', '10'], ['CD-2', '10']]);
  // No group chosen: the return names none and is scored in the first, as the page says.
  assert.equal(doc.agency.group, undefined);
  assert.equal(doc.score.group, 'co-tthc');
  assert.equal(await total.textContent(), totalLine(doc.score));
  // The other group: DV-1 does not count, the maximum is 70 and the level changes.
  await page.check('[name="agency.group"][value="khong-tthc"]');
  const other = 'Tổng điểm: 60 / 70 (85,71 %) · Mức: Xuất sắc';
  assert.equal(await shownTotal(page, other), other);
  assert.equal(await group.textContent(), 'Nhóm cơ quan: Cơ quan không có thủ tục hành chính');
  assert.equal((await page.locator('[id="indp-DV-1"]').textContent()).trim(), 'không tính');
  const again = await downloaded(page);
  assert.equal(again.agency.group, 'khong-tthc');
  assert.equal(again.score.group, 'khong-tthc');
  assert.equal(await total.textContent(), totalLine(again.score));
  return again;
}

test('pdti page writes an offline file of a province\'s definition that works from file:// with zero requests', async () => {
  const out = join(dir, 'my-index.html');
  const r = cargoRun(ROOT, ['--bin', 'pdti'], 'page', '--definition', TUTORIAL, '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Đã ghi .*my-index\.html: trang biểu mẫu offline "Bộ chỉ số chuyển đổi số cấp sở, ngành tỉnh X" \(phiên bản 2026\.1\)/);
  const url = pathToFileURL(out).href;
  const context = await browser.newContext({ acceptDownloads: true });
  const others = [];
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    others.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('html[data-pdti-ready]', { timeout: 15000 });
  await fillAndScore(page);
  // A reload keeps the draft, under the province's form id, with its group.
  await page.reload();
  await page.waitForSelector('html[data-pdti-ready]');
  assert.equal(await page.inputValue('[name="2.1.a"]'), '20');
  assert.equal(await page.isChecked('[name="agency.group"][value="khong-tthc"]'), true);
  assert.equal(await page.locator('#pdti-total').textContent(), 'Tổng điểm: 60 / 70 (85,71 %) · Mức: Xuất sắc');
  assert.deepEqual(others, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pdti page --hosted writes a folder that serves the province\'s form, pre-rendered, without the collector link', async () => {
  const hosted = join(dir, 'site');
  const r = cargoRun(ROOT, ['--bin', 'pdti'], 'page', '--definition', TUTORIAL, '--hosted', hosted);
  assert.equal(r.status, 0, r.stderr);
  const index = await readFile(join(hosted, 'index.html'), 'utf8');
  assert.ok(index.includes(`data-form-id="${definition.id}"`), 'the form is pre-rendered');
  assert.ok(!index.includes('collect.html'));
  assert.deepEqual((await readdir(join(hosted, 'pkg'))).filter((f) => f.endsWith('.wasm')), ['pdti_form_bg.wasm']);
  const { server, url } = await startServer(hosted, true);
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('html[data-pdti-ready]', { timeout: 15000 });
    const doc = await fillAndScore(page);
    // The same return opened read-only (as the collector opens one): its group shown, locked.
    const locked = await page.evaluate(async (json) => {
      const { PdtiApp } = await import('./pkg/pdti_form.js');
      const host = document.body.appendChild(document.createElement('div'));
      const definition = document.getElementById('pdti-definition').textContent;
      PdtiApp.mount(host, { definition, readOnly: true, initialReturn: json, autosave: false });
      const radios = [...host.querySelectorAll('[name="agency.group"]')];
      return { checked: radios.filter((r) => r.checked).map((r) => r.value), locked: radios.every((r) => r.disabled), total: host.querySelector('#pdti-total').textContent };
    }, JSON.stringify(doc));
    assert.deepEqual(locked, { checked: ['khong-tthc'], locked: true, total: totalLine(doc.score) });
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    server.close();
  }
});

test('pdti page refuses a broken definition with every problem and writes nothing', async () => {
  const broken = join(dir, 'broken.json');
  const bad = structuredClone(definition);
  bad.rules[0].check = '{1.2} <= {9.9}';
  await writeFile(broken, JSON.stringify(bad, null, 2));
  const out = join(dir, 'broken.html');
  const r = cargoRun(ROOT, ['--bin', 'pdti'], 'page', '--definition', broken, '-o', out);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /broken\.json:\d+:\d+: rules\[0\]\.check: .*9\.9/);
  assert.match(r.stderr, /định nghĩa có 1 lỗi/);
  await assert.rejects(readFile(out));
});
