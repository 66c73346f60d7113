// Bootstrap of the page: load the WebAssembly and mount the form that is
// already in the page, with the page's form definition (#pdti-definition:
// one wasm serves every definition). No logic lives here. In the offline
// single file the wasm and the definition are inlined as gzip + base64
// (#pdti-wasm) and inflated here.
import init, * as main from './pkg/pdti_form.js';

performance.mark('pdti-script-start');
const html = document.documentElement;
let definition;

function fail(err) {
  const box = document.getElementById('pdti-alert');
  const reason = err && err.message ? err.message : String(err);
  const started = html.dataset.pdtiReady === 'true';
  const text = started
    ? 'Phần kiểm tra gặp lỗi (' + reason + '). Dữ liệu đã nhập được lưu tự động trên máy này; hãy tải lại trang. ' +
      '(The checker failed; your entries are autosaved — reload the page.)'
    : 'Không khởi động được phần kiểm tra (' + reason + '). Bạn vẫn có thể nhập; hãy tải lại trang. ' +
      '(The checker could not start; reload the page.)';
  // A message from the checker itself (a panic) says more: keep it.
  if (box && !(started && box.textContent)) box.textContent = text;
  html.dataset.pdtiError = 'true';
  console.error(err);
}

// An inlined block of the single file: base64 of gzip-compressed bytes.
async function inflate(el) {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('trình duyệt này quá cũ, hãy dùng Chrome, Edge, Cốc Cốc hoặc Firefox bản mới (this browser is too old)');
  }
  const bin = atob(el.textContent.trim());
  const packed = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) packed[i] = bin.charCodeAt(i);
  return new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip')));
}

// What the page carries besides its script: the hosted page its form
// definition as JSON (#pdti-definition); the offline file one block
// (#pdti-wasm, gzip + base64) of its wasm followed by its definition, the
// wasm data-wasm-bytes long (one compressed stream: the two share words,
// 0.4 KB smaller than apart).
async function carried() {
  const el = document.getElementById('pdti-wasm');
  if (!el) return { definition: document.getElementById('pdti-definition')?.textContent };
  const bytes = new Uint8Array(await (await inflate(el)).arrayBuffer());
  const n = Number(el.dataset.wasmBytes);
  return { wasm: { module_or_path: bytes.subarray(0, n) }, definition: new TextDecoder().decode(bytes.subarray(n)) };
}

// The hosted page's wasm leaves the old template's import, the printed
// document and the migration of older returns out (every visitor loads it);
// the full build is loaded the first time someone imports, prints or opens
// a return of another version of the form.
// (The offline file's bundle defines PDTI_OFFLINE: it runs the full build,
// so this branch is left out of it.)
if (typeof PDTI_OFFLINE === 'undefined' && !main.importLegacy) {
  let full;
  let loaded;
  const loadFull = () => (full ??= import('./pkg-full/pdti_form.js').then(async (m) => { await m.default(); return (loaded = m); }));
  window.pdtiImportLegacy = async (bytes) => (await loadFull()).importLegacy(bytes, definition);
  // A saved return of another version of the form: its migration to this
  // page's version, if one is shipped (rejects when none is, and after 20 s
  // without the full build: the return then opens as it is).
  window.pdtiMigrate = (text) => Promise.race([
    loadFull().then((m) => m.migrateReturn(text, definition)),
    new Promise((_, late) => setTimeout(() => late(new Error('pkg-full chưa tải xong (not loaded in time)')), 20000)),
  ]);
  // Drawn at once when the full build is here; otherwise a promise.
  window.pdtiPrintDocument = (place, json, lang) => {
    if (loaded) return void loaded.printDocument(place, json, lang, definition);
    return loadFull().then((m) => m.printDocument(place, json, lang, definition));
  };
}

window.addEventListener('error', (e) => fail(e.error || e.message));
window.addEventListener('unhandledrejection', (e) => fail(e.reason));

try {
  const page = await carried();
  definition = page.definition;
  await init(page.wasm);
  performance.mark('pdti-wasm-ready');
  window.pdtiApp = main.PdtiApp.mount(document.getElementById('pdti-app'), { lang: html.lang || 'vi', definition });
  performance.mark('pdti-ready');
  html.dataset.pdtiReady = 'true';
} catch (err) {
  fail(err);
}
