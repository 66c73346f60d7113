// The offline single file (dist/pdti.html) opened from file:// with every
// other request blocked and counted: it must need none (issue 4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, ROOT, downloadReturn } from './helpers.mjs';

const FILE = pathToFileURL(join(ROOT, 'dist', 'pdti.html')).href;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the single file works from file:// with zero network requests', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const others = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === FILE) return route.continue();
    others.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(FILE);
  await page.waitForSelector('html[data-pdti-ready]', { timeout: 15000 });
  await page.fill('[name="agency.name"]', 'Sở Tư pháp');
  await page.fill('[name="6.2.d"]', '12');
  await page.fill('[name="6.2.đ"]', '14');
  await page.press('[name="6.2.đ"]', 'Tab');
  assert.equal(await page.getAttribute('[name="6.2.đ"]', 'aria-invalid'), 'true');
  const download = await downloadReturn(page);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(doc.format, 'pdti-return');
  assert.deepEqual(doc.values['6.2.đ'], { input: '14', value: 14 });
  assert.ok(doc.findings.some((f) => f.rule === 'R15b'));
  assert.deepEqual(others, []);
  assert.deepEqual(errors, []);
  await context.close();
});
