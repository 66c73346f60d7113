// Starting from last period (issue 15, part 4), as an official does it: the
// complete return of the first half of 2023 chosen with "Bắt đầu từ kỳ
// trước", on the hosted page and in the offline file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useSite, openPage, field, message, FIXTURES, ROOT, downloadReturn, cargoRun } from './helpers.mjs';

const site = useSite();
const COMPLETE = join(FIXTURES, 'complete-return.json');
const last = JSON.parse(await readFile(COMPLETE, 'utf8'));

/** Chooses last period's return with the page's own button. */
async function startFromLastPeriod(page) {
  await page.setInputFiles('[data-action="start-previous"]', COMPLETE);
  await page.waitForFunction(() => document.querySelector('[name="period.from"]').value === '01/07/2023');
}

const carriedMark = (page, code) => page.locator(`[id="msg-${code}"] .carried`);

async function flow(page, where) {
  await startFromLastPeriod(page);
  // The period moved on, and the page says from what.
  assert.equal(await field(page, 'period.to').inputValue(), '31/12/2023', where);
  assert.match(await page.locator('#pdti-notice').textContent(), /Đã bắt đầu kỳ 01\/07\/2023–31\/12\/2023 từ complete-return\.json \(kỳ 01\/01\/2023–30\/06\/2023\)\. \d+ số liệu/, where);
  // Figures that usually stay are there, marked; the rest start empty.
  assert.equal(await field(page, 'agency.name').inputValue(), last.agency.name);
  assert.equal(await field(page, 'I.2').inputValue(), last.values['I.2'].input);
  assert.match(await carriedMark(page, 'I.2').textContent(), /^Từ kỳ trước: số liệu của kỳ trước, hãy kiểm tra lại\. Giữ nguyên$/);
  assert.equal(await page.locator('[id="f-I.2"]').evaluate((el) => el.classList.contains('is-carried')), true);
  assert.equal(await field(page, '6.4.a').inputValue(), '', `${where}: cases of the period do not carry over`);
  assert.equal(await carriedMark(page, '6.4.a').count(), 0);
  // The notice stays in view: the page does not jump to the first figure.
  assert.ok(await page.locator('#pdti-notice').isVisible() && (await page.evaluate(() => window.scrollY)) < 200, where);

  // The contents count what is left to check in each section, never ✓.
  const left = async () => Number((await page.locator('[id="toc-I"]').textContent()).match(/(\d+) từ kỳ trước/)?.[1] ?? 0);
  const before = await left();
  assert.ok(before > 0, `${where}: ${await page.locator('[id="toc-I"]').textContent()}`);

  // "Giữ nguyên" confirms a figure: its mark goes, focus stays on it.
  await carriedMark(page, 'I.2').locator('[data-action="keep"]').click();
  assert.equal(await carriedMark(page, 'I.2').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'I.2');
  await page.waitForFunction((n) => /(\d+) từ kỳ trước/.exec(document.getElementById('toc-I').textContent)?.[1] === String(n), before - 1);

  // Computers fell from 43 to 21, typed key by key: the mark goes as soon as
  // typing starts, and R30 says it fell by more than half.
  await field(page, '3.1.1').click();
  await field(page, '3.1.1').press('Control+A');
  await page.keyboard.type('21');
  assert.equal(await carriedMark(page, '3.1.1').count(), 0);
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => /43 → 21/.test(document.getElementById('msg-3.1.1').textContent));
  assert.match(await message(page, '3.1.1').textContent(), /Cảnh báo: Tổng số máy tính giảm hơn một nửa so với kỳ trước \(43 → 21\)/);
  // 22 of 43 is more than half: no warning.
  await field(page, '3.1.1').fill('22');
  await field(page, '3.1.1').press('Tab');
  await page.waitForFunction(() => !/43 →/.test(document.getElementById('msg-3.1.1').textContent));
  await field(page, '3.1.1').fill('21');
  await field(page, '3.1.1').press('Tab');

  // Downloading asks first while figures from last period are unchecked.
  await page.click('[data-action="download"]');
  const asked = (await page.locator('#pdti-next').textContent()).match(/Còn (\d+) số liệu từ kỳ trước chưa kiểm tra \("Từ kỳ trước"\)\./);
  assert.ok(asked, where);
  // The download records last period and what is still unconfirmed.
  const download = await downloadReturn(page);
  const ret = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(ret.period, { from: '2023-07-01', to: '2023-12-31' });
  assert.deepEqual(ret.previous.period, { from: '2023-01-01', to: '2023-06-30' });
  assert.deepEqual(ret.previous.values, { '3.1.1': 43 });
  assert.ok(ret.previous.unconfirmed.includes('I.3'), where);
  assert.equal(ret.previous.unconfirmed.length, Number(asked[1]), `${where}: the count asked about is what the file records`);
  assert.ok(!ret.previous.unconfirmed.includes('I.2') && !ret.previous.unconfirmed.includes('3.1.1'), where);
  assert.ok(ret.findings.some((f) => f.rule === 'R30'), where);
  return ret;
}

test('starting from last period on the hosted page: period moves on, carried figures marked and kept, R30 when computers halve, kept after reload', async () => {
  const { context, page, errors } = await openPage(site.browser, site.url);
  const ret = await flow(page, 'hosted');

  // After a reload the draft has the same marks and the same warning.
  await page.reload();
  await page.waitForSelector('html[data-pdti-ready]');
  await page.waitForFunction(() => document.querySelector('[name="period.from"]').value === '01/07/2023');
  assert.equal(await carriedMark(page, 'I.2').count(), 0);
  assert.equal(await carriedMark(page, 'I.3').count(), 1);
  assert.match(await message(page, '3.1.1').textContent(), /43 → 21/);

  // The CLI reads the downloaded return the same way.
  const dir = await mkdtemp(join(tmpdir(), 'pdti-prev-'));
  const file = join(dir, 'return.json');
  await writeFile(file, JSON.stringify(ret));
  const cli = cargoRun(ROOT, ['--bin', 'pdti'], 'validate', '--format', 'json', file);
  const rules = JSON.parse(cli.stdout)[0].findings.map((f) => f.rule);
  assert.ok(rules.includes('R30'), cli.stderr);

  // A file that is not a return: said, and nothing typed is lost.
  await page.setInputFiles('[data-action="start-previous"]', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"x": 1}') });
  await page.waitForFunction(() => /Không bắt đầu được từ tệp notes\.json/.test(document.getElementById('pdti-alert').textContent));
  assert.equal(await field(page, '3.1.1').inputValue(), '21');
  assert.deepEqual(errors, []);
  await context.close();
});

test('starting from last period works the same in the offline file, with no request made', async () => {
  const context = await site.browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const requests = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await page.goto(pathToFileURL(join(ROOT, 'dist', 'pdti.html')).href);
  await page.waitForSelector('html[data-pdti-ready]', { timeout: 15000 });
  await flow(page, 'offline');
  assert.deepEqual(requests, []);
  await context.close();
});
