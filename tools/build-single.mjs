// Builds an offline single file: a hosted page with its stylesheets, its
// bootstrap bundled with the JS glue (esbuild) and the wasm inlined, under a CSP that
// allows nothing from the network ('none') and only these exact inline
// blocks (sha256 hashes). Settings: the JSON file named as the argument
// (pkg-config/single-file.json for the form, single-collect.json for the
// collector page).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gzipAsync } from '@gfx/zopfli';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cfg = JSON.parse(await readFile(join(root, process.argv[2] || 'pkg-config/single-file.json'), 'utf8'));
const read = (p, enc = 'utf8') => readFile(join(root, p), enc);

let page = await read(cfg.page);
const stylesheets = [cfg.stylesheet].flat();
const css = (await Promise.all(stylesheets.map((p) => read(p)))).join('\n');
// The bootstrap and the JS glue it imports, bundled and minified into one
// inline module (the glue's default wasm URL is never used: bytes are passed).
// The offline file runs the full build (old-template import included): the
// bootstrap's './pkg/pdti_form.js' is the full build's glue here.
const fullGlue = {
  name: 'full-glue',
  setup(b) {
    b.onResolve({ filter: /\/pkg(-[a-z-]+)?\/pdti_form\.js$/ }, () => ({ path: join(root, cfg.glue) }));
  },
};
const bundled = await build({
  entryPoints: [join(root, cfg.bootstrap)],
  plugins: [fullGlue],
  bundle: true,
  format: 'esm',
  minify: true,
  // Constants of the bundle (the form's offline file: PDTI_OFFLINE, so the
  // hosted page's on-demand loading of the full build is left out).
  define: cfg.define ?? {},
  write: false,
  logLevel: 'warning',
});
const script = bundled.outputFiles[0].text.trim();
// The wasm is stored gzip-compressed (then base64): the file is about 60 %
// smaller, and it stays small when a mail server or web server gzips it
// again. The bootstrap inflates it with the browser's DecompressionStream.
// Zopfli writes standard gzip about 5.5 % smaller than zlib's level 9.
// Zopfli with as many block splits as help (blocksplittingmax 0) and 40
// iterations: 0.1 KB smaller than its defaults here. src/page.rs packs the
// same way.
const packed = async (bytes) =>
  Buffer.from(await gzipAsync(bytes, { numiterations: 40, blocksplittingmax: 0 })).toString('base64');
const wasmBytes = await read(cfg.wasm, null);

const hash = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const csp = cfg.contentSecurityPolicy.replace('{scripts}', hash(script)).replace('{styles}', hash(css));

// Drop the hosted page's external assets and its network CSP, and the
// pre-rendered form: here the wasm is in the file, so it renders the form
// at once, and the file stays within its size budget.
const opening = '<p class="pdti-opening">Đang mở biểu mẫu… (Opening the form…)</p>';
page = page
  .replace(/<main id="pdti-app">[\s\S]*<\/main>/, `<main id="pdti-app">${opening}</main>`)
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/, `<meta http-equiv="Content-Security-Policy" content="${csp}">\n`)
  .replace(/<link rel="icon"[^>]*>\n?/, '')
  .replace(/<link rel="stylesheet"[^>]*>\n?/, `<style>${css}</style>\n`)
  .replace(/<link rel="stylesheet"[^>]*>\n?/g, '')
  .replace(/<link rel="modulepreload"[^>]*>\n?/, '')
  .replace(/<link rel="preload"[^>]*>\n?/, '')
  .replace(/<script type="module" src="[a-z-]+\.js"><\/script>\n?/, '');
// Parts of the hosted page the offline file leaves out, and links between
// the hosted pages that point at the offline files instead.
for (const pattern of cfg.remove || []) page = page.replace(new RegExp(pattern), '');
// The form definition (the hosted page's JSON data block) goes after the
// wasm in one gzip stream (the two share words: 0.4 KB smaller than two
// streams); the block says where the wasm ends. `pdti page --definition`
// writes its file the same way (src/page.rs).
const definitionBlock = /<script type="application\/json" id="pdti-definition">([^<]*)<\/script>\n?/;
const definition = page.match(definitionBlock);
page = page.replace(definitionBlock, '');
const payload = definition
  ? Buffer.concat([wasmBytes, Buffer.from(JSON.stringify(JSON.parse(definition[1])), 'utf8')])
  : wasmBytes;
const wasm = await packed(payload);
if (/\b(src|href)="(?!#)/.test(page.replace(/<a [^>]*>/g, ''))) throw new Error('build-single: an external reference is left in the page');
// A function as the replacement: the minified script may hold `$&` or `$'`,
// which a replacement string would expand.
page = page.replace(
  '</body>',
  () =>
    `<script type="application/wasm-gzip-base64" id="pdti-wasm" data-wasm-bytes="${wasmBytes.length}">${wasm}</script>\n` +
    `<script type="module">${script}</script>\n</body>`,
);
await mkdir(dirname(join(root, cfg.output)), { recursive: true });
await writeFile(join(root, cfg.output), page);
console.log(`built ${cfg.output}: ${page.length} B`);
