// Bootstrap of the page: load the WebAssembly and mount the form that is
// already in the page, with the page's form definition (#pdti-definition:
// one wasm serves every definition). No logic lives here. In the offline
// single file the wasm (#pdti-wasm) and the definition are inlined as gzip +
// base64 and inflated here.
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

// The page's form definition: JSON, or gzip + base64 in the single file.
async function pageDefinition() {
  const el = document.getElementById('pdti-definition');
  if (!el) return undefined;
  return el.type === 'application/json' ? el.textContent : (await inflate(el)).text();
}

// The inlined wasm of the single file.
async function inlineWasm() {
  const el = document.getElementById('pdti-wasm');
  return el ? { module_or_path: await (await inflate(el)).arrayBuffer() } : undefined;
}

// The hosted page's wasm leaves the old template's import and the printed
// document out (every visitor loads it); the full build is loaded the first
// time someone imports or prints.
if (!main.importLegacy) {
  let full;
  let loaded;
  const loadFull = () => (full ??= import('./pkg-full/pdti_form.js').then(async (m) => { await m.default(); return (loaded = m); }));
  window.pdtiImportLegacy = async (bytes) => (await loadFull()).importLegacy(bytes, definition);
  // Drawn at once when the full build is here; otherwise a promise.
  window.pdtiPrintDocument = (place, json, lang) => {
    if (loaded) return void loaded.printDocument(place, json, lang, definition);
    return loadFull().then((m) => m.printDocument(place, json, lang, definition));
  };
}

window.addEventListener('error', (e) => fail(e.error || e.message));
window.addEventListener('unhandledrejection', (e) => fail(e.reason));

try {
  [definition] = await Promise.all([pageDefinition(), init(await inlineWasm())]);
  performance.mark('pdti-wasm-ready');
  window.pdtiApp = main.PdtiApp.mount(document.getElementById('pdti-app'), { lang: html.lang || 'vi', definition });
  performance.mark('pdti-ready');
  html.dataset.pdtiReady = 'true';
} catch (err) {
  fail(err);
}
