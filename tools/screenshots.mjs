// Screenshots of the real page for the README and for looking at a change:
// desktop (1366×768) and phone (360×800), empty and with the complete
// return, and the printed document as a PDF (first pages as PNG when
// pdftoppm is there). Usage: node tools/screenshots.mjs [OUT_DIR]
import { launch, startServer, FIXTURES } from './e2e/helpers.mjs';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const out = process.argv[2] ?? 'docs/screenshots';
mkdirSync(out, { recursive: true });
const complete = readFileSync(join(FIXTURES, 'complete-return.json'), 'utf8');
const browser = await launch();
const { server, url } = await startServer();
const shots = [];

async function open(viewport, fill) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-pdti-ready]');
  if (fill) await page.evaluate((json) => window.pdtiApp.setReturn(json), complete);
  return { context, page };
}

try {
  for (const [name, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 360, height: 800 }]]) {
    let { context, page } = await open(viewport, false);
    await page.screenshot({ path: join(out, `${name}-empty.png`) });
    shots.push(`${name}-empty.png`);
    // Part-way through: a section filled, a mistake left behind.
    await page.fill('[name="agency.name"]', 'Sở Tư pháp');
    await page.locator('[name="I.1"]').pressSequentially('1.045');
    await page.locator('[name="I.2"]').pressSequentially('1,5');
    await page.keyboard.press('Tab');
    await page.locator('[name="I.2"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `${name}-filling.png`) });
    shots.push(`${name}-filling.png`);
    await context.close();
    // This period started from last period's return: carried figures marked.
    ({ context, page } = await open(viewport, false));
    await page.setInputFiles('[data-action="start-previous"]', join(FIXTURES, 'complete-return.json'));
    await page.waitForFunction(() => document.querySelector('[name="period.from"]').value === '01/07/2023');
    await page.locator('[name="3.1.1"]').fill('21');
    await page.locator('[name="3.1.1"]').press('Tab');
    await page.locator('[id="f-3.1.1"]').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: join(out, `${name}-previous.png`) });
    shots.push(`${name}-previous.png`);
    await context.close();
    ({ context, page } = await open(viewport, true));
    await page.screenshot({ path: join(out, `${name}-complete.png`) });
    shots.push(`${name}-complete.png`);
    if (name === 'desktop') {
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  // The hosted page draws the document with its full build, loaded on the first print.
  await page.waitForSelector('#pdti-print .doc', { state: 'attached' });
      await page.pdf({ path: join(out, 'print.pdf'), format: 'A4', printBackground: true });
      shots.push('print.pdf');
    }
    await context.close();
  }
  // The collector page with the sample and the complete return added, a
  // malformed file refused, and one row opened.
  for (const [name, viewport] of [['collect-desktop', { width: 1366, height: 768 }], ['collect-phone', { width: 360, height: 800 }]]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(url + 'collect.html');
    await page.waitForSelector('#collect[data-state="ready"]');
    const file = (f) => ({ name: f, mimeType: 'application/octet-stream', buffer: readFileSync(join(FIXTURES, f)) });
    await page.setInputFiles('[data-action="add-returns"]', [file('laichau-stp-2023h1.tsv'), file('complete-return.json'),
      { name: 'so-y-te.json', mimeType: 'application/json', buffer: Buffer.from('{ "format": ') }]);
    await page.waitForSelector('[data-role="returns"] tbody tr >> nth=1');
    await page.locator('#add-title').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -8));
    await page.screenshot({ path: join(out, `${name}.png`) });
    shots.push(`${name}.png`);
    await page.locator('[data-action="select"]').last().click();
    await page.locator('[data-role="detail"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `${name}-detail.png`) });
    shots.push(`${name}-detail.png`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (existsSync('/usr/bin/pdftoppm')) {
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', join(out, 'print.pdf'), join(out, 'print')]);
  shots.push('print-1.png');
}
const pages = execFileSync('sh', ['-c', `command -v pdfinfo >/dev/null && pdfinfo ${join(out, 'print.pdf')} | awk '/^Pages/ {print $2}' || echo ?`]);
console.log(`screenshots: ${shots.join(', ')} in ${out}; the printed return has ${String(pages).trim()} A4 pages`);
