// The collector page at a cycle's size: 40 returns dropped at once on the
// hosted page (dist/web/collect.html), timed from the drop to the table
// showing 40 rows (after the next frame), in a fresh browser profile each
// run. A benchmark: figures printed, nothing asserted.
//   node tools/bench-collect.mjs [RUNS]       (default 5)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, startServer, FIXTURES } from './e2e/helpers.mjs';

const runs = Number(process.argv[2] ?? 5);
const N = 40;
const complete = readFileSync(join(FIXTURES, 'complete-return.json'), 'utf8');
// 40 departments: the complete return under 40 names, 3.1.1 varied so that
// points and ranks differ.
const returns = Array.from({ length: N }, (_, k) => ({
  name: `so-${k + 1}.json`,
  text: complete
    .replace('"name": "Sở Tư pháp"', `"name": "Sở thử nghiệm ${k + 1}"`)
    .replace('"input": "43"', `"input": "${43 + (k % 7)}"`)
    .replace('"value": 43,', `"value": ${43 + (k % 7)},`),
}));

const browser = await launch();
const { server, url } = await startServer();
const times = [];
try {
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(url + 'collect.html');
    await page.waitForSelector('#collect[data-state="ready"]');
    const ms = await page.evaluate(async (files) => {
      const t = new DataTransfer();
      for (const f of files) t.items.add(new File([f.text], f.name, { type: 'application/json' }));
      const zone = document.querySelector('[data-role="drop"]');
      const start = performance.now();
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: t, bubbles: true, cancelable: true }));
      const rows = () => document.querySelectorAll('[data-role="returns"] tbody tr[data-agency]').length;
      while (rows() < files.length) await new Promise((res) => setTimeout(res, 5));
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      return performance.now() - start;
    }, returns);
    times.push(ms);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
times.sort((a, b) => a - b);
const f = (x) => `${Math.round(x)} ms`;
console.log(`bench-collect: ${N} returns dropped → table of ${N} rows shown (hosted page, ${runs} runs, fresh profile each)`);
console.log(`  median ${f(times[Math.floor(times.length / 2)])}, fastest ${f(times[0])}, slowest ${f(times[times.length - 1])}`);
