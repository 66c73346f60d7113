// Versions of a form (issue 15, part 3), as an official meets them: a saved
// return of an older version opened with "Mở bản đã lưu". The hosted page
// offers the shipped migration to its own version, saying what it does,
// and changes nothing until the offer is taken; the offline file (no room
// for the migrations) opens it as it is, with its version note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, startServer, openPage, cargoRun, field, fillAndLeave, downloadReturn, ROOT, SITE, FIXTURES } from './helpers.mjs';

const OLD = join(FIXTURES, 'complete-return.2023.1.json');
const GOLDEN = join(ROOT, 'tests', 'golden', 'complete-return.2023.2.json');
const golden = JSON.parse(await readFile(GOLDEN, 'utf8'));

let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'pdti-versions-'));
});
after(async () => { await browser?.close(); });

const notice = (page) => page.locator('#pdti-notice');
const offer = (page) => page.locator('#pdti-notice [data-action="migrate"]');

/**
 * Serves `dir` under the strict CSP, opens its page in a fresh context,
 * runs `body`, and checks that the page threw nothing.
 */
async function onPage(dir, body) {
  const { server, url } = await startServer(dir, true);
  try {
    const { context, page, errors } = await openPage(browser, url);
    await body(page, context);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    server.close();
  }
}

async function openSaved(page, path) {
  await page.setInputFiles('[data-action="open"]', path);
}

test('a hosted 2023.2 page offers the migration of a 2023.1 return, changes nothing until it is taken, and downloads what pdti migrate writes', async () => {
  const hosted = join(dir, 'site-2023.2');
  const r = cargoRun(ROOT, ['--bin', 'pdti'], 'page', '--definition', join(ROOT, 'src', 'forms', 'pdti-2023.2.json'), '--hosted', hosted);
  assert.equal(r.status, 0, r.stderr);
  await onPage(hosted, async (page, context) => {
    // Something typed before opening: it stays until the offer is taken.
    await fillAndLeave(page, 'agency.name', 'Sở Thử nghiệm');
    await openSaved(page, OLD);
    await offer(page).waitFor();
    const said = await notice(page).textContent();
    assert.match(said, /^Tệp complete-return\.2023\.1\.json lập theo phiên bản 2023\.1 của biểu mẫu; trang này dùng phiên bản 2023\.2\. Mở tệp sẽ chuyển bản báo cáo sang phiên bản 2023\.2: /);
    assert.match(said, /93 mục chuyển sang, 86 mục có số liệu; 6 mục đổi nghĩa: 6\.3\.a, 6\.3\.b, 6\.3\.c, 6\.3\.d, 6\.4\.b, 6\.4\.c \(.*mức 3 → một phần, mức 4 → toàn trình\); không mục nào bị bỏ\./);
    assert.match(said, /Sau khi chuyển: 0 lỗi, 0 cảnh báo\. Dữ liệu đang nhập chưa thay đổi\. Chuyển và mở$/);
    assert.equal(await field(page, 'agency.name').inputValue(), 'Sở Thử nghiệm', 'nothing changes before the offer is taken');
    assert.equal(await field(page, '6.3.b').inputValue(), '');

    // In English too, with the same figures.
    await page.click('[data-action="lang"]');
    assert.match(await notice(page).textContent(), /this page uses version 2023\.2\. .*6 change in meaning: 6\.3\.a.*none is dropped\. Then: 0 errors, 0 warnings\. .*Convert and open$/);
    await page.click('[data-action="lang"]');

    await offer(page).click();
    await page.waitForFunction(() => /^Đã mở complete-return\.2023\.1\.json \(lưu lúc .*\): 0 lỗi, 0 cảnh báo\. Đã chuyển từ phiên bản 2023\.1 sang 2023\.2\./.test(document.getElementById('pdti-notice').textContent));
    assert.equal(await field(page, 'agency.name').inputValue(), golden.agency.name);
    assert.equal(await field(page, '6.3.b').inputValue(), golden.values['6.3.b'].input);
    // The page's version has no R29 notice: checked against 2023.2.
    assert.equal(await page.locator('[id="msg-6.3.b"]').textContent(), '');

    // Undo brings back what was being entered.
    await page.click('#pdti-notice [data-action="undo"]');
    await page.waitForFunction(() => document.querySelector('[name="agency.name"]').value === 'Sở Thử nghiệm');
    assert.equal(await field(page, '6.3.b').inputValue(), '');

    // Taken again, the download is the return pdti migrate writes, saved now.
    await openSaved(page, OLD);
    await offer(page).click();
    await page.waitForFunction(() => document.querySelector('[name="6.3.b"]').value !== '');
    const download = await downloadReturn(page);
    const got = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.deepEqual({ ...got, savedAt: null }, { ...golden, savedAt: null });
  });
});

test('the hosted page opens a return with no migration to its version as it is, with its version note', async () => {
  await onPage(SITE, async (page, context) => {
    // 2023.2 → 2023.3: no migration is shipped.
    await openSaved(page, GOLDEN);
    await page.waitForFunction(() => /^Đã mở complete-return\.2023\.2\.json/.test(document.getElementById('pdti-notice').textContent));
    assert.equal(await offer(page).count(), 0);
    assert.equal(await field(page, '6.3.b').inputValue(), golden.values['6.3.b'].input);
    // The page says which version it was checked against.
    assert.match(await page.locator('#pdti-import-report').textContent(), /Ghi chú: Bản báo cáo lập theo phiên bản biểu mẫu 2023\.2; đã kiểm tra theo phiên bản 2023\.3\./);
    // 2023.1 → 2023.3: the same fields, nothing changes in meaning.
    await openSaved(page, OLD);
    await offer(page).waitFor();
    assert.match(await notice(page).textContent(), /trang này dùng phiên bản 2023\.3\. .*93 mục chuyển sang, 86 mục có số liệu; không mục nào bị bỏ\./);
  });
});

test('when the full build cannot be loaded, the hosted page opens an older return as it is', async () => {
  await onPage(SITE, async (page, context) => {
    await context.route('**/pkg-full/**', (route) => route.abort());
    await fillAndLeave(page, 'agency.name', 'Sở Thử nghiệm');
    await openSaved(page, OLD);
    await page.waitForFunction(() => /^Đã mở complete-return\.2023\.1\.json/.test(document.getElementById('pdti-notice').textContent));
    assert.equal(await offer(page).count(), 0);
    assert.equal(await field(page, 'agency.name').inputValue(), golden.agency.name);
    assert.match(await page.locator('#pdti-import-report').textContent(), /phiên bản biểu mẫu 2023\.1; đã kiểm tra theo phiên bản 2023\.3/);
  });
});

test('an older return\'s offer is withdrawn when another return is opened before it came', async () => {
  await onPage(SITE, async (page, context) => {
    // The full build is held back until the second file is open.
    let release;
    const held = new Promise((r) => { release = r; });
    await context.route('**/pkg-full/**', async (route) => { await held; await route.continue(); });
    // The test hears when the full build has answered.
    await page.evaluate(() => {
      const ask = window.pdtiMigrate;
      window.pdtiMigrate = (text) => {
        const answer = ask(text);
        window.answered = answer.then(() => 'offer', () => 'none');
        return answer;
      };
    });
    await openSaved(page, OLD);
    await page.waitForFunction(() => /^Đang mở complete-return\.2023\.1\.json/.test(document.getElementById('pdti-notice').textContent));
    await openSaved(page, join(FIXTURES, 'complete-return.json'));
    await page.waitForFunction(() => /^Đã mở complete-return\.json/.test(document.getElementById('pdti-notice').textContent));
    release();
    // The late answer (an offer) changes nothing: no offer, the second
    // return stays.
    assert.equal(await page.evaluate(() => window.answered), 'offer');
    assert.match(await notice(page).textContent(), /^Đã mở complete-return\.json/);
    assert.equal(await offer(page).count(), 0);
  });
});

test('the offline file opens an older return as it is, with its version note, and makes no request', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    requests.push(u);
    return route.abort();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(join(ROOT, 'dist', 'pdti.html')).href);
  await page.waitForSelector('html[data-pdti-ready]', { timeout: 15000 });
  await openSaved(page, OLD);
  await page.waitForFunction(() => /^Đã mở complete-return\.2023\.1\.json/.test(document.getElementById('pdti-notice').textContent));
  assert.equal(await offer(page).count(), 0);
  assert.match(await page.locator('#pdti-import-report').textContent(), /Ghi chú: Bản báo cáo lập theo phiên bản biểu mẫu 2023\.1; đã kiểm tra theo phiên bản 2023\.3\./);
  assert.deepEqual(requests, []);
  assert.deepEqual(errors, []);
  await context.close();
});
