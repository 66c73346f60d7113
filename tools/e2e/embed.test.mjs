// The <pdti-form> component in a portal page with a hostile stylesheet and
// the strict CSP (as an HTTP header): driven, its events received, two
// components that do not interfere (issue 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useSite, ROOT } from './helpers.mjs';

const site = useSite(join(ROOT, 'dist'), true);

async function portal(options = {}) {
  const context = await site.browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(site.url + 'portal/');
  await page.waitForSelector('html[data-portal-ready]', { timeout: 15000 });
  return { context, page, errors };
}

test('the component works under the strict CSP and the portal CSS cannot reach it', async () => {
  const { context, page, errors } = await portal();
  const d = page.locator('#form-a [name="6.2.d"]');
  const dd = page.locator('#form-a [name="6.2.đ"]');
  assert.equal(await dd.isVisible(), true, 'the hostile stylesheet hid the input');
  await d.fill('12');
  await dd.fill('14');
  await dd.press('Tab');
  assert.equal(await dd.getAttribute('aria-invalid'), 'true');
  const fontSize = await dd.evaluate((el) => getComputedStyle(el).fontSize);
  assert.equal(fontSize, '16px');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two components on one page do not interfere', async () => {
  const { context, page } = await portal();
  await page.locator('#form-a [name="6.2.d"]').fill('12');
  await page.locator('#form-a [name="6.2.đ"]').fill('14');
  assert.equal(await page.locator('#form-b [name="6.2.đ"]').inputValue(), '');
  assert.equal(await page.locator('#form-b [name="6.2.đ"]').getAttribute('aria-invalid'), null);
  await page.locator('#form-b [name="3.1.1"]').fill('60');
  assert.equal(await page.locator('#form-a [name="3.1.1"]').inputValue(), '');
  // Each keeps its own draft.
  await page.reload();
  await page.waitForSelector('html[data-portal-ready]');
  assert.equal(await page.locator('#form-a [name="6.2.đ"]').inputValue(), '14');
  assert.equal(await page.locator('#form-b [name="3.1.1"]').inputValue(), '60');
  assert.equal(await page.locator('#form-b [name="6.2.đ"]').inputValue(), '');
  await context.close();
});

test('the portal receives change, validate and download events and can keep the return', async () => {
  const { context, page } = await portal();
  await page.locator('#form-b [name="agency.name"]').fill('Sở Tài chính');
  await page.locator('#form-b [name="6.2.d"]').fill('12');
  await page.locator('#form-b [name="6.2.đ"]').fill('14');
  const changes = await page.evaluate(() => window.portalEvents.filter((e) => e.type === 'pdti-change' && e.form === 'form-b'));
  const last = changes.at(-1).detail;
  assert.equal(last.field, '6.2.đ');
  assert.equal(last.value, 14);
  assert.ok(last.findings.some((f) => f.rule === 'R15b'));
  // Form B's download is cancelled by the portal, which keeps the return instead.
  let downloaded = false;
  page.on('download', () => { downloaded = true; });
  await page.locator('#form-b [data-action="download"]').click();
  // Required fields are blank: the form names them and asks first.
  await page.locator('#form-b [data-action="download-anyway"]').click();
  const sent = await page.evaluate(() => window.portalSent);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].agency.name, 'Sở Tài chính');
  assert.deepEqual(sent[0].values['6.2.đ'], { input: '14', value: 14 });
  const types = await page.evaluate(() => window.portalEvents.filter((e) => e.form === 'form-b').map((e) => e.type));
  assert.ok(types.includes('pdti-validate'));
  await page.waitForTimeout(300);
  assert.equal(downloaded, false);
  // The element's methods.
  const summary = await page.evaluate(() => document.getElementById('form-b').validate());
  assert.ok(summary.errors >= 1);
  const ret = await page.evaluate(() => document.getElementById('form-b').getReturn());
  assert.equal(ret.format, 'pdti-return');
  await context.close();
});

test('script typed into the component or set in a return never runs, even with the CSP bypassed', async () => {
  const { context, page } = await portal({ bypassCSP: true });
  const payload = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';
  const names = await page.locator('#form-a').evaluate((el) =>
    [...el.shadowRoot.querySelectorAll('input[name]:not([type=file]):not([type=radio])')].map((e) => e.name));
  assert.ok(names.length >= 91, `${names.length} fields`);
  for (const n of names) await page.locator(`#form-a [name="${n}"]`).fill(payload);
  const summary = await page.evaluate(() => document.querySelector('#form-a').validate());
  assert.ok(summary.warnings > 0, JSON.stringify(summary));
  const ret = await page.evaluate(() => document.querySelector('#form-a').getReturn());
  assert.equal(ret.agency.name, payload);
  ret.evidence = { '4.3': payload };
  ret.notes = { '3.1.1': payload };
  await page.evaluate((r) => document.querySelector('#form-b').setReturn(r), ret);
  await page.evaluate(() => document.querySelector('#form-b').validate());
  const damage = await page.evaluate(() => ({
    ran: window.__xss ?? 0,
    injected: ['#form-a', '#form-b'].map((id) => document.querySelector(id).shadowRoot.querySelectorAll('img').length),
  }));
  assert.deepEqual(damage, { ran: 0, injected: [0, 0] });
  assert.equal(await page.locator('#form-b [name="agency.name"]').inputValue(), payload);
  await context.close();
});

test('in a portal with html { font-size: 62.5% } the form keeps its own size', async () => {
  const { context, page } = await portal({ bypassCSP: true });
  await page.addStyleTag({ content: 'html { font-size: 62.5% !important } h1, h2, h3, button, input { font-size: 1rem !important }' });
  const size = await page.locator('#form-a [name="I.1"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const button = await page.locator('#form-a [data-action="check"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const title = await page.locator('#form-a .section-title').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 16, `input text ${size}px`);
  assert.ok(button >= 14, `button text ${button}px`);
  assert.equal(title, 20, "a section title is 1.25 × the form's 16 px, whatever the portal says");
  await context.close();
});

test('a portal listener may call every method from inside every event', async () => {
  const { context, page, errors } = await portal();
  await page.evaluate(() => {
    const form = document.getElementById('form-a');
    window.inside = [];
    for (const type of ['pdti-change', 'pdti-validate', 'pdti-download']) {
      let busy = false;
      form.addEventListener(type, (e) => {
        if (busy) return;
        busy = true;
        const ret = form.getReturn();
        const summary = form.validate();
        const set = form.setValue('I.5', '7');
        window.inside.push({ type, agency: ret.agency?.name ?? null, errors: summary.errors, set });
        busy = false;
        if (type === 'pdti-download') e.preventDefault();
      });
    }
  });
  await page.locator('#form-a [name="agency.name"]').fill('Sở Y tế');
  await page.locator('#form-a [data-action="check"]').click();
  await page.locator('#form-a [data-action="download"]').click();
  await page.locator('#form-a [data-action="download-anyway"]').click();
  const inside = await page.evaluate(() => window.inside);
  for (const type of ['pdti-change', 'pdti-validate', 'pdti-download']) {
    const call = inside.find((c) => c.type === type);
    assert.ok(call, `${type} reached the listener`);
    assert.equal(call.set, true, type);
    assert.ok(call.errors > 0, type);
  }
  assert.equal(inside.find((c) => c.type === 'pdti-download').agency, 'Sở Y tế');
  assert.equal(await page.locator('#form-a [name="I.5"]').inputValue(), '7');
  const banner = await page.locator('#form-a').evaluate((el) => el.shadowRoot.getElementById('pdti-alert').textContent);
  assert.equal(banner, '');
  assert.equal(await page.locator('#form-a').getAttribute('data-pdti-error'), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('events carry exact values beyond 2^53: a count of 10^16 and the whole return', async () => {
  const { context, page } = await portal();
  await page.locator('#form-b [name="3.1.1"]').fill('10000000000000000');
  const change = await page.evaluate(() => window.portalEvents.filter((e) => e.type === 'pdti-change' && e.form === 'form-b').at(-1).detail);
  assert.equal(change.field, '3.1.1');
  assert.equal(change.value, '10000000000000000');
  await page.locator('#form-b [data-action="download"]').click();
  await page.locator('#form-b [data-action="download-anyway"]').click();
  const sent = await page.evaluate(() => window.portalSent.at(-1));
  assert.equal(sent.values['3.1.1'].value, '10000000000000000');
  assert.equal(sent.values['3.1.1'].input, '10000000000000000');
  await context.close();
});
