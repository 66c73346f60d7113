// What the browser benchmarks share: percentiles, and the per-keystroke
// probe installed in the page before a scripted fill.

/** The p-th percentile of `xs` (nearest rank). */
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * Records, per keystroke, in `window.__keys`:
 * `handler`: from the input event (first listener) to the last listener
 * (the form's own synchronous work); `work`: the same plus the microtasks
 * the listeners queued and the browser's forced re-layout; `paint`: from the
 * key press to the next painted frame (the browser's own editing and the
 * wait for the display's frame included).
 */
export async function installKeystrokeProbe(page) {
  await page.evaluate(() => {
    const keys = (window.__keys = { handler: [], work: [], paint: [] });
    let t0 = 0;
    let t1 = 0;
    document.addEventListener('keydown', () => { t0 = performance.now(); }, true);
    document.addEventListener('input', () => { t1 = performance.now(); }, true);
    window.addEventListener('input', () => {
      const start = t0;
      const begun = t1;
      keys.handler.push(performance.now() - begun);
      queueMicrotask(() => {
        void document.body.offsetHeight;
        keys.work.push(performance.now() - begun);
      });
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => keys.paint.push(performance.now() - start);
        ch.port2.postMessage(0);
      });
    });
  });
}

/** What the probe recorded. */
export const keystrokeTimes = (page) => page.evaluate(() => window.__keys);

/**
 * Main-thread time per keystroke as Chromium counts it (every task a key
 * causes, the page's own follow-up work included), minus the harness's own
 * cost measured the same way with no key. Returns `type(ch)`, which types
 * one key and records its time in `busy`.
 */
export async function mainThreadProbe(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const idle = [];
  for (let i = 0; i < 30; i++) { const a = await taskTime(); await settle(); idle.push(await taskTime() - a); }
  const overhead = pct(idle, 50);
  const busy = [];
  return {
    busy,
    async type(ch) {
      const a = await taskTime();
      await page.keyboard.type(ch);
      await settle();
      busy.push(Math.max(0, await taskTime() - a - overhead));
    },
  };
}
