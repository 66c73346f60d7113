// A form an official trusts (issue 12): each problem a new user met, driven
// as a person does it (key by key, Tab, pointer clicks, print, reload).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { useSite, openPage, field, message, FIXTURES, ROOT, choose, downloadReturn } from './helpers.mjs';

const site = useSite();
const golden = JSON.parse(await readFile(join(ROOT, 'tests', 'golden', 'laichau-stp-2023h1.import.json'), 'utf8'));
const complete = await readFile(join(FIXTURES, 'complete-return.json'), 'utf8');

/** What the page shows of its checks: any error message, the summary, the live region. */
async function shown(page, code) {
  return page.evaluate((c) => ({
    error: !!document.querySelector(`[id="msg-${c}"] .sev-error`),
    message: document.getElementById(`msg-${c}`).textContent,
    summary: !document.getElementById('pdti-summary').hidden,
    live: document.getElementById('pdti-live').textContent,
  }), code);
}

test('typing 1.045 and 11.362.000 key by key shows no error, no summary and no announcement on the way', async () => {
  const { context, page, errors } = await openPage(site.browser, site.url);
  for (const [code, text] of [['I.1', '1.045'], ['5.11.1.a', '11.362.000']]) {
    await field(page, code).click();
    const before = await shown(page, code);
    for (const key of text) {
      await page.keyboard.type(key);
      const now = await shown(page, code);
      assert.deepEqual(now, { ...before, message: '' }, `${code} after typing ${key}`);
    }
    // Read exactly, and nothing to say when the field is left.
    await page.keyboard.press('Tab');
    assert.equal((await shown(page, code)).error, false);
  }
  const ret = JSON.parse(await page.evaluate(() => window.pdtiApp.getReturn()));
  assert.equal(ret.values['I.1'].value, 1045);
  assert.equal(ret.values['5.11.1.a'].value, '11362000000000000');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a money amount said in parts is stored exactly: 2 tỷ 500 triệu is 2500000000 đồng', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await field(page, '5.11.2').click();
  await page.keyboard.type('2 tỷ 500 triệu');
  await page.keyboard.press('Tab');
  const ret = JSON.parse(await page.evaluate(() => window.pdtiApp.getReturn()));
  assert.equal(ret.values['5.11.2'].value, '2500000000');
  assert.match(await message(page, '5.11.2').textContent(), /2,5 tỷ đồng/);
  assert.equal(await page.locator('[id="msg-5.11.2"] [data-action="apply"]').count(), 0);
  await context.close();
});

test('1,5 in a count gets a message when the field is left, and no suggestion', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await field(page, 'I.2').click();
  await page.keyboard.type('1,5');
  assert.equal((await shown(page, 'I.2')).error, false, 'still typing: 1,5 may become 1,500');
  await page.keyboard.press('Tab');
  assert.match(await message(page, 'I.2').textContent(), /số nguyên/);
  assert.equal(await field(page, 'I.2').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('[id="msg-I.2"] [data-action="apply"]').count(), 0);
  // Back in the field, typing on: "1,50" may still become "1,500", so the
  // old message goes and no new one appears until the field is left again.
  await field(page, 'I.2').click();
  await page.keyboard.press('End');
  await page.keyboard.type('0');
  assert.equal((await shown(page, 'I.2')).message, '', 'typing again: the message about 1,5 waits');
  await context.close();
});

test('text that can never be a number is flagged after a pause, without leaving the field', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await field(page, 'I.1').click();
  await page.keyboard.type('abc');
  assert.equal((await shown(page, 'I.1')).error, false);
  await page.waitForSelector('[id="msg-I.1"] .sev-error', { timeout: 3000 });
  // Fixing it clears the message at the fixing key.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('4');
  assert.equal((await shown(page, 'I.1')).message, '');
  await context.close();
});

test('a total typed key by key never flashes its sub-count warning; one stopped at 1 shows after a pause and goes at 150', async () => {
  const { context, page, errors } = await openPage(site.browser, site.url);
  await field(page, '3.1.1.a').fill('100');
  await field(page, '3.1.1.a').press('Tab');
  await field(page, '3.1.1').click();
  for (const key of '150') {
    await page.keyboard.type(key);
    assert.equal(await message(page, '3.1.1.a').textContent(), '', `after ${key}`);
    assert.doesNotMatch(await page.locator('#pdti-summary').textContent(), /nhiều hơn số máy tính/, `after ${key}`);
  }
  await page.keyboard.press('Tab');
  // Stopped at 1 without leaving: the warning comes after the pause, at the sub-count.
  await field(page, '3.1.1').fill('');
  await field(page, '3.1.1').click();
  await page.keyboard.type('1');
  assert.equal(await message(page, '3.1.1.a').textContent(), '');
  await page.waitForFunction(() => /\(100\) nhiều hơn số máy tính \(1\)/.test(document.getElementById('msg-3.1.1.a').textContent), null, { timeout: 5000 });
  // Then it follows the keys, and goes when the total is right.
  await page.keyboard.type('5');
  assert.match(await message(page, '3.1.1.a').textContent(), /\(15\)/);
  await page.keyboard.type('0');
  assert.equal(await message(page, '3.1.1.a').textContent(), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the imported sample shows one set of counts: notice, summary, download, after reload, as pdti import-legacy', async () => {
  const { errors: want, warnings } = golden[0].summary;
  const counts = `${want} lỗi, ${warnings} cảnh báo`;
  const { context, page } = await openPage(site.browser, site.url);
  await page.setInputFiles('[data-action="import-legacy"]', join(FIXTURES, 'laichau-stp-2023h1.tsv'));
  await page.waitForFunction(() => document.querySelector('[name="3.1.1"]').value === '43', null, { timeout: 15000 });
  assert.match(await page.locator('#pdti-notice').textContent(), new RegExp(counts));
  assert.match(await page.locator('#pdti-summary-counts').textContent(), new RegExp(counts));
  const items = page.locator('#pdti-summary-list li');
  assert.equal(await page.locator('#pdti-summary-list li[data-severity="error"]').count(), want);
  assert.equal(await page.locator('#pdti-summary-list li[data-severity="warning"]').count(), warnings);
  for (const li of await items.all()) assert.ok(await li.getAttribute('data-field'), await li.textContent());
  // Import findings are in the summary with their severity; the import's fix is a button at its field.
  assert.ok(await page.locator('#pdti-summary-list li[data-field="I.6.ho_ten"][data-severity="error"]').count() >= 1);
  assert.equal(await page.locator('[id="msg-6.1.1.a"] [data-action="apply"][data-value="875"]').count(), 1);
  assert.match(await page.locator('#pdti-import-report').textContent(), /giữ riêng, chưa dùng/);
  // Download: the same counts.
  const download = await downloadReturn(page);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual([doc.summary.errors, doc.summary.warnings], [want, warnings]);
  assert.match(await page.locator('#pdti-notice').textContent(), new RegExp(counts));
  // After a reload: the same.
  await page.reload();
  await page.waitForSelector('html[data-pdti-ready]');
  assert.match(await page.locator('#pdti-summary-counts').textContent(), new RegExp(counts));
  // The import's fix in one click, undoable.
  await page.click('[id="msg-6.1.1.a"] [data-action="apply"]');
  assert.equal(await field(page, '6.1.1.a').inputValue(), '875');
  await page.click('#pdti-notice [data-action="undo"]');
  assert.equal(await field(page, '6.1.1.a').inputValue(), '');
  await context.close();
});

test('undoing an import gives back the empty page as it was, not covered in errors', async () => {
  const { context, page, errors } = await openPage(site.browser, site.url);
  await page.setInputFiles('[data-action="import-legacy"]', join(FIXTURES, 'laichau-stp-2023h1.tsv'));
  await page.waitForFunction(() => /^Đã nhập/.test(document.getElementById('pdti-notice').textContent));
  assert.ok(await page.locator('.field.has-error').count() > 0);
  await page.click('#pdti-notice [data-action="undo"]');
  await page.waitForFunction(() => /^Đã khôi phục/.test(document.getElementById('pdti-notice').textContent));
  assert.equal(await field(page, 'agency.name').inputValue(), '');
  assert.equal(await page.locator('.field.has-error').count(), 0, 'no blank required field is an error before it is left');
  assert.equal(await page.locator('#pdti-summary').isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an empty return: "Kiểm tra toàn bộ" lists every required field as an error', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  // Tabbing through a section flags nothing.
  await field(page, 'I.1').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  assert.equal(await page.locator('#f-I\\.1.has-error').count(), 0);
  await page.click('[data-action="check"]');
  const required = page.locator('#pdti-summary-list li[data-severity="error"]');
  assert.equal(await required.count(), 60, 'agency, the period and the 57 rows');
  assert.ok(await page.locator('#pdti-summary-list li[data-field="I.6.ho_ten"] a', { hasText: 'I.6 Họ tên người chịu trách nhiệm cung cấp' }).count());
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pdti-summary');
  // Optional fields say so; required ones carry no asterisk.
  assert.match(await page.locator('label[for="in-coverLetter.number"]').textContent(), /\(không bắt buộc\)$/);
  assert.doesNotMatch(await page.locator('label[for="in-I.1"]').textContent(), /\*|bắt buộc/);
  await context.close();
});

test('structure and surface: contents with statuses, headings, units in labels, Vietnamese file buttons, one main action', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  // The contents list names each section with its status, and follows the person.
  assert.match(await page.locator('[id="toc-I"]').textContent(), /7 chưa điền/);
  await field(page, 'I.1').fill('x');
  await field(page, 'I.1').press('Tab');
  assert.match(await page.locator('[id="toc-I"]').textContent(), /1 lỗi/);
  assert.equal(await page.locator('fieldset.section > legend > h2').count(), 7);
  // Labels: the template's STT, never an internal code; money says its unit.
  assert.doesNotMatch(await page.locator('label[for="in-I.6.email"]').textContent(), /I\.6\.email/);
  assert.match(await page.locator('label[for="in-5.11.2"]').textContent(), /\(tỷ đồng\)/);
  // File buttons read in Vietnamese; the browser's own "Choose File" is not shown.
  assert.match(await page.locator('label.file:has([data-action="open"])').textContent(), /Mở bản đã lưu/);
  assert.equal(await page.locator('[data-action="open"]').evaluate((el) => getComputedStyle(el).opacity), '0');
  // One primary action, at the end of the form.
  assert.equal(await page.locator('.btn-download').count(), 1);
  assert.equal(await page.locator('#pdti-finish [data-action="download"]').count(), 1);
  await context.close();
});

test('leaving a section shows its blank required fields, not those of other sections', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await field(page, 'I.1').fill('3');
  await field(page, '3.1.1').focus();
  await page.waitForSelector('[id="msg-I.2"] .sev-error');
  assert.equal(await page.locator('[id="msg-3.1.2.a"] .sev-error').count(), 0);
  await context.close();
});

test('print: the signed document, with nothing of the screen, in at most 6 A4 pages', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await page.evaluate((json) => window.pdtiApp.setReturn(json), complete);
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  // The hosted page draws the document with its full build, loaded on the first print.
  await page.waitForSelector('#pdti-print .doc', { state: 'attached' });
  const visible = async (sel) => page.locator(sel).evaluateAll((els) => els.filter((e) => e.checkVisibility()).length);
  for (const sel of ['.toolbar', '.hint', '.msg', '#pdti-summary', 'input', 'button', '.indicators', '.statusbar']) {
    assert.equal(await visible(sel), 0, sel);
  }
  const doc = await page.locator('#pdti-print').textContent();
  for (const want of ['CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Người lập biểu', 'Thủ trưởng đơn vị', 'Mã đối chiếu']) {
    assert.ok(doc.includes(want), want);
  }
  assert.match(doc, /ngày \d\d tháng \d\d năm \d{4}/);
  assert.doesNotMatch(doc, /dd\/mm\/yyyy/);
  const headers = await page.locator('#pdti-print .doc-table th').allTextContents();
  assert.deepEqual(headers, ['STT', 'Chỉ số', 'Số liệu báo cáo', 'Tài liệu kiểm chứng', 'Ghi chú']);
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 2 && pages <= 6, `${pages} pages`);
  await context.close();
});

test('a pointer click on a suggestion right after typing elsewhere applies it', async () => {
  // Tall enough that the field above and the button are both on screen (with
  // the field scrolled away, scroll anchoring would keep the button in place).
  const { context, page } = await openPage(site.browser, site.url, { viewport: { width: 1366, height: 2000 } });
  await field(page, 'I.6.dien_thoai').fill('912345678');
  await field(page, 'I.6.dien_thoai').press('Tab');
  const apply = page.locator('[id="msg-I.6.dien_thoai"] [data-action="apply"]');
  await apply.waitFor();
  // A field above it is being typed in: its message would appear on blur
  // and push the button down between press and release.
  await field(page, 'I.5').click();
  await page.keyboard.type('abc');
  await apply.click();
  assert.equal(await field(page, 'I.6.dien_thoai').inputValue(), '0912345678');
  await page.click('#pdti-notice [data-action="undo"]');
  assert.equal(await field(page, 'I.6.dien_thoai').inputValue(), '912345678');
  await context.close();
});

test('dates as people type them, with the exact reason when one does not exist', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  for (const typed of ['30062023', '30/6/23', '30-06-2023', '30.06.2023']) {
    await field(page, 'period.to').fill(typed);
    await field(page, 'period.to').press('Tab');
    assert.equal(await field(page, 'period.to').getAttribute('aria-invalid'), null, typed);
  }
  await field(page, 'period.to').fill('31/06/2023');
  await field(page, 'period.to').press('Tab');
  assert.match(await message(page, 'period.to').textContent(), /tháng 6 chỉ có 30 ngày/);
  // Yes/no are radios; a pasted "Có" still reads.
  await choose(page, '3.2.a', 'không');
  let ret = JSON.parse(await page.evaluate(() => window.pdtiApp.getReturn()));
  assert.equal(ret.values['3.2.a'].value, false);
  await page.evaluate(() => window.pdtiApp.setValue('3.2.a', '<i>Có</i>'));
  assert.equal(await page.locator('[name="3.2.a"][value="có"]').isChecked(), true);
  await context.close();
});

test('at 360 px the status bar stays in view while filling', async () => {
  const { context, page } = await openPage(site.browser, site.url, { viewport: { width: 360, height: 800 } });
  await field(page, '5.3.a').fill('12');
  await field(page, '5.3.a').press('Tab');
  const bar = await page.locator('.statusbar').boundingBox();
  assert.ok(bar && bar.y >= 0 && bar.y + bar.height <= 800, JSON.stringify(bar));
  assert.match(await page.locator('#pdti-bar-progress').textContent(), /1\/60/, 'the header fields count too');
  // A summary link lands on its field, far down the page.
  await page.evaluate(() => window.pdtiApp.validate());
  await page.click('#pdti-summary-list a[data-field="5.6.a"]');
  const box = await field(page, "5.6.a").boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `5.6.a at ${JSON.stringify(box)}`);
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await context.close();
});

test('switching language keeps the notice and its undo, changes the title, and counts in proper English', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await page.evaluate((json) => window.pdtiApp.setReturn(json), complete);
  await page.click('[data-action="reset"]');
  await page.click('[data-action="reset-confirm"]');
  await page.click('[data-action="lang"]');
  assert.match(await page.locator('#pdti-notice').textContent(), /Everything was cleared/);
  assert.equal(await page.locator('#pdti-notice [data-action="undo"]').textContent(), 'Undo');
  assert.match(await page.title(), /Provincial digital-transformation index/);
  await field(page, 'I.1').fill('x');
  await field(page, 'I.1').press('Tab');
  // The announcement follows the event (the page batches it): waited for, not raced.
  await page.waitForFunction(() => document.getElementById('pdti-live').textContent !== '', null, { timeout: 3000 }).catch(() => {});
  assert.match(await page.locator('#pdti-live').textContent(), /^1 error, 0 warnings\.$/);
  await page.click('#pdti-notice [data-action="undo"]');
  assert.equal(await field(page, '3.1.1').inputValue(), '43');
  await context.close();
});

test('after download, the page says what to do with the file', async () => {
  const { context, page } = await openPage(site.browser, site.url);
  await page.evaluate((json) => window.pdtiApp.setReturn(json), complete);
  const download = await downloadReturn(page);
  assert.ok(download.suggestedFilename().endsWith('.json'));
  const next = await page.locator('#pdti-next').textContent();
  assert.match(next, /Gửi tệp này.*cho cơ quan tổng hợp/);
  assert.doesNotMatch(next, /Tệp còn/, 'the complete return has no error');
  assert.match(next, /Giữ lại tệp: kỳ sau "Bắt đầu từ kỳ trước"/);
  await context.close();
});

test('axe-core finds no violations: empty, mid-fill, after import, in English and in print', async () => {
  const require = createRequire(import.meta.url);
  const axePath = require.resolve('axe-core/axe.min.js');
  const { context, page } = await openPage(site.browser, site.url, { bypassCSP: true });
  await page.addScriptTag({ path: axePath });
  const scan = async (when) => {
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const found = result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0].target})`);
    assert.deepEqual(found, [], when);
  };
  await scan('empty');
  await field(page, '6.2.d').fill('12');
  await field(page, '6.2.đ').fill('14');
  await field(page, 'I.1').fill('abc');
  await field(page, 'I.1').press('Tab');
  await scan('mid-fill');
  await page.setInputFiles('[data-action="import-legacy"]', join(FIXTURES, 'laichau-stp-2023h1.tsv'));
  await page.waitForFunction(() => document.querySelector('[name="3.1.1"]').value === '43', null, { timeout: 15000 });
  await scan('after import');
  await page.click('[data-action="lang"]');
  await scan('English');
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  // The hosted page draws the document with its full build, loaded on the first print.
  await page.waitForSelector('#pdti-print .doc', { state: 'attached' });
  await scan('print');
  await context.close();
});
