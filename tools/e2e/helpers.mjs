// Shared helpers for the end-to-end tests: Debian's Chromium driven by
// playwright-core (no browser download), the built site served on loopback.
import { before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SITE = join(ROOT, 'dist', 'web');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');

/**
 * Runs a cargo target of the `cli` profile (`--bin pdti`, `--example …`) in
 * `cwd`, built as `make cli` builds it (with the built pages, for `pdti
 * page`), so tests never rebuild it back and forth; stdout, stderr, status.
 */
export function cargoRun(cwd, target, ...args) {
  const r = spawnSync('cargo', ['run', '--quiet', '--manifest-path', join(ROOT, 'Cargo.toml'), '--profile', 'cli', ...target, '--', ...args], {
    cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, PDTI_PAGE_ASSETS: join(ROOT, 'dist') },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function startServer(dir = SITE, csp = false) {
  const server = await serve(dir, 0, csp);
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * One browser and one served site for a test file, opened before its first
 * test and closed after its last (node:test hooks). Read `browser` and `url`
 * from the returned object inside tests.
 */
export function useSite(dir = SITE, csp = false) {
  const site = {};
  before(async () => {
    site.browser = await launch();
    Object.assign(site, await startServer(dir, csp));
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  return site;
}

/** Opens the page in a fresh context and waits until the form is live. */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('html[data-pdti-ready]', { timeout: 15000 });
  return { context, page, errors };
}

export const field = (page, code) => page.locator(`[name="${code}"]`);
export const message = (page, code) => page.locator(`[id="msg-${code}"]`);

/** Types `text` into field `code` key by key, as a person does. */
export async function typeKeys(page, code, text) {
  await field(page, code).click();
  await page.keyboard.type(text);
}

/** Fills field `code` and leaves it (Tab), so that its check shows. */
export async function fillAndLeave(page, code, text) {
  await field(page, code).fill(text);
  await field(page, code).press('Tab');
}

/** Chooses có or không in a yes/no field. */
export async function choose(page, code, answer) {
  await page.check(`[name="${code}"][value="${answer}"]`);
}

/**
 * Clicks "download" and returns the download; when required fields are
 * blank the page first names them, and this answers "download anyway".
 */
export async function downloadReturn(page) {
  const download = page.waitForEvent('download');
  await page.click('[data-action="download"]');
  const anyway = page.locator('[data-action="download-anyway"]');
  if (await anyway.isVisible()) await anyway.click();
  return download;
}

/** A decimal of the return (`1045.5`) as the Vietnamese page shows it (`1.045,5`). */
export function viNumber(text) {
  const [int, frac] = String(text).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

/** The page's total line (#pdti-total, Vietnamese) for a return's `score`. */
export function totalLine(score) {
  const head = score.provisional ? 'Tổng điểm tạm tính' : 'Tổng điểm';
  const levels = score.defaultLevels ? ' (bốn mức mặc định)' : '';
  return `${head}: ${viNumber(score.points)} / ${viNumber(score.maxPoints)} (${viNumber(score.percent)} %) · Mức: ${score.level.vi}${levels}`;
}

/** What #pdti-total shows now, once the page has patched it. */
export async function shownTotal(page, expected) {
  const total = page.locator('#pdti-total');
  if (expected !== undefined) await page.waitForFunction((t) => document.getElementById('pdti-total').textContent === t, expected, { timeout: 3000 }).catch(() => {});
  return total.textContent();
}
