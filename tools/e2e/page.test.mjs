// End-to-end tests of the hosted page in headless Chromium: type, see the
// message, download, reload, open, import (DESIGN.md §3–§5, issue 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { useSite, openPage, field, message, FIXTURES, fillAndLeave, choose, downloadReturn, totalLine, shownTotal, cargoRun, ROOT } from './helpers.mjs';

const site = useSite();

test('a sub-count larger than its total marks the field and the summary; fixing it clears both', async () => {
  const { context, page, errors } = await openPage(site.browser, site.url);
  await fillAndLeave(page, '6.2.d', '12');
  await field(page, '6.2.đ').fill('14');
  const input = field(page, '6.2.đ');
  // The cross-field rule waits while 14 is typed (it could be on its way
  // to 140); the field and the summary show it on leaving.
  assert.equal(await input.getAttribute('aria-invalid'), null);
  assert.equal(await page.locator('#pdti-summary').isVisible(), false);
  await input.press('Tab');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const describedBy = await input.getAttribute('aria-describedby');
  assert.ok(describedBy.split(' ').includes('msg-6.2.đ'));
  const inline = await message(page, '6.2.đ').textContent();
  assert.match(inline, /\(14\).*\(12\)/);
  const link = page.locator('#pdti-summary-list a[data-field="6.2.đ"]');
  await link.waitFor();
  assert.equal(await page.locator('#pdti-summary').isVisible(), true);
  assert.match(await link.textContent(), /\(14\).*\(12\)/);
  // The summary link moves focus to the field, even with the button held
  // down a moment (leaving the section for the link must not rebuild the
  // summary under the pointer: the click would be lost).
  await link.click({ delay: 200 });
  // Focus moves once the click's event is done (the page queues it): waited for, not raced.
  await page.waitForFunction(() => document.activeElement.name === '6.2.đ', null, { timeout: 3000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement.name), '6.2.đ');
  await field(page, '6.2.đ').fill('12');
  assert.equal(await input.getAttribute('aria-invalid'), null);
  assert.equal(await message(page, '6.2.đ').textContent(), '');
  await input.press('Tab');
  await page.locator('#pdti-summary-list a[data-field="6.2.đ"]').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('what is typed before the checker starts is kept, and checked once it starts', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  await page.route('**/pdti_form_bg.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(site.url);
  await field(page, '6.2.d').fill('12');
  await field(page, '6.2.đ').fill('14');
  const evidence = page.locator('input[name^="evidence:"]').first();
  const code = (await evidence.getAttribute('name')).slice('evidence:'.length);
  await evidence.fill('Công văn 125/STP');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.pdtiReady), undefined);
  release();
  await page.waitForSelector('html[data-pdti-ready]', { timeout: 15000 });
  assert.equal(await field(page, '6.2.đ').getAttribute('aria-invalid'), 'true');
  assert.equal(await field(page, '6.2.d').inputValue(), '12');
  assert.equal(await evidence.inputValue(), 'Công văn 125/STP');
  const ret = JSON.parse(await page.evaluate(() => window.pdtiApp.getReturn()));
  assert.equal(ret.values['6.2.đ'].input, '14');
  assert.equal(ret.evidence[code], 'Công văn 125/STP');
  await context.close();
});

test('11.362.000 in a đồng field shows the exact amount', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await fillAndLeave(page, '5.11.1.c', '11.362.000');
  const text = await message(page, '5.11.1.c').textContent();
  assert.match(text, /11\.362\.000 đồng = 0,011362 tỷ đồng/);
  assert.equal(await field(page, '5.11.1.c').getAttribute('aria-invalid'), null);
  await context.close();
});

test('the download is the JSON return with the typed values and findings', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await field(page, 'agency.name').fill('Sở Tư pháp');
  await field(page, 'period.from').fill('01/01/2023');
  await field(page, 'period.to').fill('30/06/2023');
  await field(page, '5.11.1.c').fill('11.362.000');
  await field(page, '6.2.d').fill('12');
  await field(page, '6.2.đ').fill('14');
  await choose(page, '3.2.a', 'có');
  const download = await downloadReturn(page);
  assert.match(download.suggestedFilename(), /^PDTI_Sở-Tư-pháp_2023-01-01_2023-06-30\.json$/);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(doc.format, 'pdti-return');
  assert.equal(doc.formatVersion, 1);
  assert.equal(doc.agency.name, 'Sở Tư pháp');
  assert.deepEqual(doc.period, { from: '2023-01-01', to: '2023-06-30' });
  assert.deepEqual(doc.values['5.11.1.c'], { input: '11.362.000', value: '11362000', unit: 'đồng' });
  assert.deepEqual(doc.values['6.2.đ'], { input: '14', value: 14 });
  assert.equal(doc.values['3.2.a'].value, true);
  const r15b = doc.findings.find((f) => f.rule === 'R15b');
  assert.equal(r15b.severity, 'error');
  assert.deepEqual(r15b.fields, ['6.2.đ', '6.2.d']);
  assert.ok(doc.summary.errors >= 1);
  assert.ok(doc.savedAt);
  await context.close();
});

test('the total line shows the provisional points and level live, as the return and pdti validate score them', async () => {
  const { context, page, errors } = await openPage(site.browser, site.url);
  const empty = 'Tổng điểm tạm tính: 0 / 650 (0 %) · Mức: Khởi động (bốn mức mặc định)';
  assert.equal(await page.locator('#pdti-total').textContent(), empty);
  assert.equal(await page.locator('#pdti-total-group').textContent(), '', 'the 2023 form has no groups');
  assert.equal(await page.locator('[name="agency.group"]').count(), 0);
  await fillAndLeave(page, '6.2.d', '12');
  await fillAndLeave(page, '6.2.đ', '9');
  // 6.2.đ/d at 9/12 of its 200/9 points, shown before any check or download.
  const live = 'Tổng điểm tạm tính: 16,67 / 650 (2,56 %) · Mức: Khởi động (bốn mức mặc định)';
  assert.equal(await shownTotal(page, live), live);
  const download = await downloadReturn(page);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(live, totalLine(doc.score));
  const dir = await mkdtemp(join(tmpdir(), 'pdti-score-'));
  const file = join(dir, 'return.json');
  await writeFile(file, JSON.stringify(doc));
  const r = cargoRun(ROOT, ['--bin', 'pdti'], 'validate', '--format', 'json', file);
  assert.equal(r.status, 1, r.stderr);
  const [cli] = JSON.parse(r.stdout);
  assert.deepEqual(cli.score, doc.score);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload restores every value and offers to start over', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  const typed = { 'agency.name': 'Sở Tư pháp', '3.1.1': '43', '3.1.2.a': '38', 'I.6.email': 'annv.sotp@laichau.gov.vn', '6.2.đ': '14', '5.11.1.c': '11.362.000' };
  for (const [code, v] of Object.entries(typed)) await field(page, code).fill(v);
  await page.locator('[name="evidence:4.3"]').fill('Quyết định 12/QĐ-STP');
  await page.reload();
  await page.waitForSelector('html[data-pdti-ready]');
  for (const [code, v] of Object.entries(typed)) assert.equal(await field(page, code).inputValue(), v, code);
  assert.equal(await page.locator('[name="evidence:4.3"]').inputValue(), 'Quyết định 12/QĐ-STP');
  assert.match(await page.locator('#pdti-notice').textContent(), /Đã khôi phục bản nháp/);
  // Start over clears everything, with an undo.
  await page.click('#pdti-notice [data-action="reset"]');
  // It asks first; nothing is erased on one click.
  assert.equal(await field(page, '3.1.1').inputValue(), '43');
  await page.click('#pdti-notice [data-action="reset-confirm"]');
  assert.equal(await field(page, '3.1.1').inputValue(), '');
  await page.click('#pdti-notice [data-action="undo"]');
  assert.equal(await field(page, '3.1.1').inputValue(), '43');
  await context.close();
});

test('a saved return opens', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await page.setInputFiles('[data-action="open"]', join(FIXTURES, 'complete-return.json'));
  await page.waitForFunction(() => document.querySelector('[name="3.1.1"]').value === '43');
  assert.equal(await field(page, '6.2.đ').inputValue(), '12');
  assert.equal(await field(page, 'agency.name').inputValue(), 'Sở Tư pháp');
  assert.match(await page.locator('[id="indv-3.1.2"]').textContent(), /88,37 %/);
  assert.match(await page.locator('#pdti-notice').textContent(), /Đã mở complete-return\.json/);
  await context.close();
});

test('the sample legacy file imports, from a file and from pasted text', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await page.setInputFiles('[data-action="import-legacy"]', join(FIXTURES, 'laichau-stp-2023h1.tsv'));
  await page.waitForFunction(() => document.querySelector('[name="3.1.1"]').value === '43');
  assert.equal(await field(page, 'I.6.dien_thoai').inputValue(), '912345678');
  assert.equal(await field(page, '6.2.đ').getAttribute('aria-invalid'), 'true');
  assert.match(await message(page, 'I.6.dien_thoai').textContent(), /thiếu số 0/);
  // The suggestion can be applied in one click.
  await page.click('[id="msg-I.6.dien_thoai"] [data-action="apply"]');
  assert.equal(await field(page, 'I.6.dien_thoai').inputValue(), '0912345678');
  assert.equal(await field(page, 'I.6.dien_thoai').getAttribute('aria-invalid'), null);
  await page.click('[data-action="reset"]');
  await page.click('[data-action="reset-confirm"]');
  const text = await readFile(join(FIXTURES, 'laichau-stp-2023h1.tsv'), 'utf8');
  await page.click('details.paste summary');
  await page.fill('#pdti-paste', text);
  await page.click('[data-action="import-legacy-paste"]');
  assert.equal(await field(page, '6.4.a').inputValue(), '1045');
  await context.close();
});

test('a malformed file is refused with a message and the data stay', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await field(page, '3.1.1').fill('43');
  await page.setInputFiles('[data-action="open"]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "pdti-return", "formatVersion": 1, "values": ') });
  await page.waitForFunction(() => document.querySelector('#pdti-alert').textContent.length > 0);
  assert.match(await page.locator('#pdti-alert').textContent(), /Không mở được tệp broken\.json.*giữ nguyên/);
  assert.equal(await field(page, '3.1.1').inputValue(), '43');
  await page.setInputFiles('[data-action="import-legacy"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải biểu mẫu') });
  await page.waitForFunction(() => /Không nhập được/.test(document.querySelector('#pdti-alert').textContent));
  assert.equal(await field(page, '3.1.1').inputValue(), '43');
  await context.close();
});

test('the English switch translates the page and keeps the values', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await field(page, '6.2.d').fill('12');
  await field(page, '6.2.đ').fill('14');
  await page.click('[data-action="lang"]');
  assert.equal(await page.locator('[data-action="download"]').textContent(), 'Download the return (JSON)');
  assert.equal(await field(page, '6.2.đ').inputValue(), '14');
  assert.match(await message(page, '6.2.đ').textContent(), /Division-level leaders with a certificate \(14\)/);
  await page.click('[data-action="lang"]');
  assert.match(await message(page, '6.2.đ').textContent(), /Lãnh đạo cấp phòng/);
  await context.close();
});

test('a warning never blocks the download', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await fillAndLeave(page, 'I.6.email', 'someone@gmail.com');
  assert.match(await message(page, 'I.6.email').textContent(), /Cảnh báo/);
  assert.equal(await field(page, 'I.6.email').getAttribute('aria-invalid'), null);
  const download = await downloadReturn(page);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(doc.values['I.6.email'].value, 'someone@gmail.com');
  await context.close();
});

test('the page fits 360 px wide and every control is reachable by keyboard', async () => {
  const { context, page } = await openPage(site.browser, site.url, { viewport: { width: 360, height: 740 } });
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.getAttribute('data-action'));
  assert.equal(first, 'skip', 'the first tab stop skips to the form');
  // Tab on to the first field, type there and leave it: the check runs.
  let name = null;
  for (let i = 0; i < 40 && name !== 'agency.name'; i++) {
    await page.keyboard.press('Tab');
    name = await page.evaluate(() => document.activeElement.getAttribute('name'));
  }
  assert.equal(name, 'agency.name', 'the header fields are reachable by Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'period.to');
  await page.keyboard.type('31/06/2023');
  await page.keyboard.press('Tab');
  assert.match(await message(page, 'period.to').textContent(), /tháng 6 chỉ có 30 ngày/);
  assert.equal(await field(page, 'period.to').getAttribute('aria-invalid'), 'true');
  await context.close();
});

test('axe-core finds no accessibility violations', async () => {
  const require = createRequire(import.meta.url);
  const axePath = require.resolve('axe-core/axe.min.js');
  const { context, page } = await openPage(site.browser, site.url, { bypassCSP: true });
  await field(page, '6.2.d').fill('12');
  await field(page, '6.2.đ').fill('14');
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0].target})`);
  assert.deepEqual(summary, []);
  await context.close();
});
