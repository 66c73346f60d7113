// The collector page: the office that receives the departments' returns
// adds them here, sees each one checked, scored and ranked, the province's
// totals, and exports the lot to Excel. The decisions (what is refused, the
// order of rows, every number and text) are made by the core in the wasm
// (src/office.rs); this script moves files in, keeps them in IndexedDB so a
// closed tab loses nothing, keeps the undo list, and lays out the JSON the
// core returns. In the offline file the wasm is inlined (#pdti-wasm).
import init, { Collector, PdtiApp } from './pkg-collect/pdti_form.js';

const root = document.getElementById('collect');
const part = (role) => root.querySelector(`[data-role="${role}"]`);
const state = { sort: 'rank', descending: false, onlyErrors: false, selected: null };
const records = new Map(); // id → { id, name, previous, bytes, added }
const undo = []; // { text, run }
let office;
let db = null;
let viewer = null;
let seq = 0;

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('data-')) el.setAttribute(k, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces `el`'s children; lists are flattened, null and false left out. */
function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

function fail(err) {
  const reason = err && err.message ? err.message : String(err);
  document.getElementById('c-alert').textContent =
    'Trang tổng hợp gặp lỗi (' + reason + '). Các tệp đã thêm vẫn được lưu trên máy này; hãy tải lại trang. ' +
    '(The page failed; the files added are kept on this computer — reload the page.)';
  root.dataset.state = 'failed';
  console.error(err);
}
window.addEventListener('error', (e) => fail(e.error || e.message));
window.addEventListener('unhandledrejection', (e) => fail(e.reason));

// ---- the wasm, hosted or inlined ---------------------------------------
async function inlineWasm() {
  const el = document.getElementById('pdti-wasm');
  if (!el) return undefined;
  if (typeof DecompressionStream !== 'function') {
    throw new Error('trình duyệt này quá cũ, hãy dùng Chrome, Edge, Cốc Cốc hoặc Firefox bản mới (this browser is too old)');
  }
  const bin = atob(el.textContent.trim());
  const packed = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) packed[i] = bin.charCodeAt(i);
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  // The wasm alone, or (as in the form's offline file) the wasm followed by
  // other bytes, when data-wasm-bytes says where it ends.
  const n = Number(el.dataset.wasmBytes);
  return { module_or_path: n > 0 ? bytes.subarray(0, n) : bytes };
}

// ---- IndexedDB: the files added, kept on this computer ------------------
function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('pdti-collect', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('files', { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function inStore(mode, work) {
  if (!db) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const t = db.transaction('files', mode);
    const req = work(t.objectStore('files'));
    t.oncomplete = () => resolve(req && req.result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

async function keep(rec) {
  try {
    await inStore('readwrite', (s) => s.put(rec));
  } catch (e) {
    say(`Không lưu được tệp ${rec.name} trên máy này (${e && e.message}); tệp vẫn ở trong bảng đến khi đóng trang.`, 'warning');
  }
}
const forget = (id) => inStore('readwrite', (s) => s.delete(id)).catch(() => {});

// Other tabs of this page share the store: each change is announced, and a
// tab that hears one reads the store again (its undo list is then cleared).
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('pdti-collect') : null;
const announce = () => channel && channel.postMessage('changed');

// ---- adding, removing, replacing, undoing --------------------------------
const newId = () => `${Date.now().toString(36)}-${(seq++).toString(36)}`;
const mb = (n) => (n / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 });

/** Puts a stored or new file into the office; the refusal text, or null. */
function admit(rec) {
  const r = JSON.parse(office.add(rec.id, rec.name, new Uint8Array(rec.bytes), rec.previous));
  if (r.refused) return r.refused;
  records.set(rec.id, rec);
  return null;
}

/** Brings a file back (undo): at the end, now, in the page and in the store. */
async function readmit(rec, refused) {
  const again = { ...rec, added: Date.now() };
  const why = admit(again);
  if (why) refused.push(why);
  else await keep(again);
}

function drop(id) {
  office.remove(id);
  records.delete(id);
  if (state.selected && state.selected.startsWith(id + '#')) state.selected = null;
}

async function readFile(file, previous) {
  const max = Collector.maxBytes();
  if (file.size > max) {
    return { refused: `${file.name}: tệp quá lớn (${mb(file.size)} MB, tối đa ${mb(max)} MB) — file too large` };
  }
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (e) {
    return { refused: `${file.name}: không đọc được tệp (cannot read the file)` };
  }
  const rec = { id: newId(), name: file.name, previous, bytes, added: Date.now() };
  const refused = admit(rec);
  return refused ? { refused } : { rec };
}

async function addFiles(list, previous) {
  const files = Array.from(list || []);
  if (!files.length) return;
  const added = [];
  const refused = [];
  for (const file of files) {
    const r = await readFile(file, previous);
    if (r.refused) refused.push(r.refused);
    else {
      added.push(r.rec);
      await keep(r.rec);
    }
  }
  if (added.length) {
    pushUndo(`thêm ${added.length} tệp`, async () => {
      for (const rec of added) {
        drop(rec.id);
        await forget(rec.id);
      }
    });
    announce();
  }
  const kind = previous ? ' kỳ trước' : '';
  const head = added.length
    ? `Đã thêm ${added.length} tệp${kind}.`
    : 'Không thêm được tệp nào.';
  report(head, refused);
  render();
}

async function removeFile(id) {
  const rec = records.get(id);
  if (!rec) return;
  drop(id);
  await forget(id);
  pushUndo(`bỏ tệp ${rec.name}`, async (refused) => readmit(rec, refused));
  say(`Đã bỏ tệp ${rec.name}.`);
  announce();
  render();
}

async function clearAll() {
  const all = [...records.values()];
  for (const rec of all) drop(rec.id);
  // The whole store, so that nothing this page does not show stays behind.
  await inStore('readwrite', (s) => s.clear()).catch(() => {});
  pushUndo(`xoá tất cả ${all.length} tệp`, async (refused) => {
    for (const rec of all) await readmit(rec, refused);
  });
  say(`Đã xoá tất cả ${all.length} tệp. Có thể bắt đầu kỳ mới.`);
  announce();
  render();
}

async function replaceFile(id, file) {
  const old = records.get(id);
  if (!old || !file) return;
  // The new file is read and stored before the old one goes: if it cannot
  // be read, or the tab closes in between, nothing is lost.
  const r = await readFile(file, old.previous);
  if (r.refused) {
    report('Chưa thay: tệp mới không thêm được, tệp cũ vẫn giữ nguyên.', [r.refused]);
    render();
    return;
  }
  await keep(r.rec);
  drop(id);
  await forget(id);
  state.selected = `${r.rec.id}#1`;
  pushUndo(`thay tệp ${old.name}`, async (refused) => {
    drop(r.rec.id);
    await forget(r.rec.id);
    await readmit(old, refused);
  });
  say(`Đã thay ${old.name} bằng ${r.rec.name}.`);
  announce();
  render();
}

function pushUndo(text, run) {
  undo.push({ text, run });
}

async function undoLast() {
  const last = undo.pop();
  if (!last) return;
  const refused = [];
  await last.run(refused);
  report(refused.length ? `Hoàn tác chưa trọn (${last.text}): ${refused.length} tệp không đưa lại được.` : `Đã hoàn tác: ${last.text}.`, refused);
  announce();
  render();
}

// ---- messages -----------------------------------------------------------
function say(text, kind = 'ok') {
  report(text, [], kind);
}

function report(head, refused, kind = refused.length ? 'warning' : 'ok') {
  const box = part('notice');
  box.replaceChildren();
  box.className = `c-notice ${kind}`;
  box.append(h('p', {}, head));
  if (refused.length) {
    box.append(
      h('p', {}, `Không thêm được ${refused.length} tệp sau; các bản đã có không bị ảnh hưởng:`),
      h('ul', { 'data-role': 'refused' }, refused.map((r) => h('li', {}, r))),
    );
  }
  if (undo.length) {
    box.append(h('button', { type: 'button', class: 'c-button', 'data-action': 'undo' }, `Hoàn tác: ${undo[undo.length - 1].text}`));
  }
}

// ---- laying out what the core says --------------------------------------
const COLUMNS = [
  ['rank', 'Hạng'],
  ['agency', 'Cơ quan'],
  [null, 'Kỳ báo cáo'],
  [null, 'Phiên bản'],
  ['errors', 'Lỗi'],
  ['warnings', 'Cảnh báo'],
  ['missing', 'Trong đó còn trống'],
];

function sortButton(key, label) {
  const on = state.sort === key;
  const arrow = on ? (state.descending ? ' ▼' : ' ▲') : '';
  return h('button', { type: 'button', class: 'c-sort', 'data-sort': key }, label + arrow);
}

function headerCell(key, label, extra = {}) {
  const attrs = { scope: 'col', ...extra };
  if (key) attrs['aria-sort'] = state.sort === key ? (state.descending ? 'descending' : 'ascending') : 'none';
  return h('th', attrs, key ? sortButton(key, label) : label);
}

function renderTable(v) {
  const table = part('returns');
  table.replaceChildren();
  if (!v.rows) return;
  table.append(h('caption', { class: 'c-caption' }, `Các bản báo cáo kỳ này, xếp theo ${sortName()}`));
  const head = [
    ...COLUMNS.map(([k, l]) => headerCell(k, l)),
    ...v.pillars.map((p) => headerCell(null, p, { class: 'num pillar' })),
    headerCell('points', 'Tổng điểm', { class: 'num' }),
    headerCell(null, '% tối đa', { class: 'num' }),
    headerCell(null, 'Mức'),
    v.comparing ? headerCell(null, 'So với kỳ trước') : null,
    headerCell(null, 'Mã tệp'),
  ];
  table.append(h('thead', {}, h('tr', {}, head)));
  const body = h('tbody');
  for (const r of v.rows) {
    const selected = state.selected === r.key;
    const agency = h('th', { scope: 'row', class: 'c-agency' },
      h('button', { type: 'button', class: 'c-link', 'data-action': 'select', 'data-key': r.key, 'aria-expanded': String(selected) },
        r.agency || '(chưa có tên cơ quan)'),
      h('span', { class: 'c-file-name' }, r.label),
      r.flags.map((f) => h('span', { class: 'c-flag' }, f)));
    const prev = v.comparing
      ? h('td', {}, !r.previous || !r.previous.found
        ? h('span', { class: 'c-muted' }, 'không có bản kỳ trước')
        : [`${r.previous.changes} mục thay đổi`, r.previous.flagged ? h('span', { class: 'c-flag warning' }, `${r.previous.flagged} cần xem lại`) : null])
      : null;
    const count = (n, cls) => h('td', { class: `num ${n > 0 ? cls : ''}` }, String(n));
    const tr = h('tr', { 'data-key': r.key, class: selected ? 'selected' : '' },
      h('td', { class: 'num', title: r.errors > 0 ? 'Bản còn lỗi: điểm và hạng chưa chắc chắn' : null }, r.errors > 0 ? `${r.rank}*` : String(r.rank)),
      agency,
      h('td', { class: 'nowrap' }, r.period),
      h('td', {}, r.version),
      count(r.errors, 'bad'),
      count(r.warnings, 'warn'),
      count(r.missing, 'warn'),
      r.pillars.map((p) => h('td', { class: 'num' }, p)),
      h('td', { class: 'num strong' }, r.points),
      h('td', { class: 'num' }, r.percent ?? '–'),
      h('td', {}, r.level ?? '–'),
      prev,
      h('td', { class: 'c-fingerprint' }, r.fingerprint));
    tr.dataset.agency = r.agency;
    body.append(tr);
  }
  table.append(body);
}

function sortName() {
  const names = { rank: 'hạng', agency: 'tên cơ quan', errors: 'số lỗi', warnings: 'số cảnh báo', missing: 'số mục còn trống', points: 'tổng điểm' };
  return `${names[state.sort]} (${state.descending ? 'giảm dần' : 'tăng dần'})`;
}

function renderFiles(v) {
  const box = part('files');
  box.replaceChildren();
  const previous = v.files.filter((f) => f.previous);
  if (previous.length) {
    box.append(h('p', {}, `Báo cáo kỳ trước đã thêm (chỉ để so sánh): `,
      previous.map((f, i) => [i ? ', ' : '', f.name,
        h('button', { type: 'button', class: 'c-link small', 'data-action': 'remove-file', 'data-id': f.id, 'aria-label': `Bỏ tệp kỳ trước ${f.name}` }, ' (bỏ)')])));
  }
}

function renderDetail(v) {
  const box = part('detail');
  const row = v.rows && v.rows.find((r) => r.key === state.selected);
  if (!row) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const findings = JSON.parse(office.findings(row.key, 'vi') || '[]');
  const id = row.key.slice(0, row.key.lastIndexOf('#'));
  const severity = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Lưu ý' };
  box.hidden = false;
  fill(box,
    h('h3', { id: 'detail-title' }, row.agency || '(chưa có tên cơ quan)'),
    h('p', { class: 'c-muted' }, `Tệp ${row.label} · kỳ ${row.period} · mã tệp ${row.fingerprint} (in trên bản ký, để đối chiếu giấy với tệp)`),
    h('div', { class: 'c-actions' },
      h('button', { type: 'button', class: 'c-button', 'data-action': 'view-return' }, 'Xem trong biểu mẫu (chỉ đọc)'),
      h('button', { type: 'button', class: 'c-button', 'data-action': 'download-return' }, 'Tải tệp JSON'),
      h('button', { type: 'button', class: 'c-button', 'data-action': 'save-send-back' }, 'Lưu danh sách gửi lại (.txt)'),
      h('button', { type: 'button', class: 'c-button', 'data-action': 'print-send-back' }, 'In danh sách gửi lại'),
      h('label', { class: 'c-button' }, 'Thay bằng tệp khác…',
        h('input', { type: 'file', class: 'c-file', accept: '.json,.tsv,.txt', 'data-action': 'replace' })),
      h('button', { type: 'button', class: 'c-button danger', 'data-action': 'remove' },
        v.files.find((f) => f.id === id)?.returns > 1
          ? 'Bỏ tệp này (mọi bản trong tệp)' : 'Bỏ bản này')),
    findings.length
      ? h('ol', { class: 'c-findings', 'data-role': 'findings' }, findings.map((f) =>
        h('li', { class: f.severity }, h('span', { class: `c-sev ${f.severity}` }, severity[f.severity] || f.severity),
          f.field ? h('span', { class: 'code' }, f.field) : null, ' ', f.message)))
      : h('p', { class: 'c-ok' }, 'Không có lỗi hay cảnh báo nào.'),
    row.previous && row.previous.notes.length
      ? [h('h4', {}, 'So với kỳ trước: cần xem lại'), h('ul', { class: 'c-findings' }, row.previous.notes.map((n) => h('li', { class: 'warning' }, n)))]
      : null,
  );
}

function renderTotals(v) {
  const box = part('totals');
  if (!v.rows || !v.rows.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  const sev = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Lưu ý' };
  fill(box,
    h('h2', { id: 'totals-title' }, '3. Số liệu của tỉnh (cộng các bản kỳ này)'),
    h('p', {}, v.period ? `Kỳ báo cáo ${v.period}, ${v.count} bản.` : `${v.count} bản, không cùng một kỳ báo cáo.`),
    v.checks.length
      ? h('ul', { class: 'c-findings' }, v.checks.map((c) => h('li', { class: c.severity }, h('span', { class: `c-sev ${c.severity}` }, sev[c.severity]), ' ', c.message)))
      : null,
    h('div', { class: 'c-scroll', tabindex: '0' },
      h('table', { class: 'c-table compact' },
        h('caption', { class: 'c-caption' }, 'Tổng các số liệu'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Mục'), h('th', { scope: 'col' }, 'Nội dung'), h('th', { scope: 'col', class: 'num' }, 'Tổng'), h('th', { scope: 'col', class: 'num' }, 'Số bản có số liệu'))),
        h('tbody', {}, v.totals.map((t) => h('tr', { 'data-field': t.field, 'data-value': t.value }, h('td', { class: 'code' }, t.code), h('td', {}, t.label), h('td', { class: 'num' }, t.total), h('td', { class: 'num' }, t.returns)))))),
    v.ratios.length
      ? h('div', { class: 'c-scroll', tabindex: '0' },
        h('table', { class: 'c-table compact' },
          h('caption', { class: 'c-caption' }, 'Tỷ lệ của tỉnh (tính trên tổng)'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Chỉ tiêu'), h('th', { scope: 'col' }, 'Nội dung'), h('th', { scope: 'col', class: 'num' }, 'Tỷ lệ'))),
          h('tbody', {}, v.ratios.map((t) => h('tr', {}, h('td', { class: 'code' }, t.code), h('td', {}, t.label), h('td', { class: 'num' }, t.percent))))))
      : null,
  );
}

function render() {
  const v = JSON.parse(office.view(state.sort, state.descending, state.onlyErrors, 'vi'));
  const current = v.files.filter((f) => !f.previous).length;
  part('empty').hidden = current > 0;
  part('tools').hidden = current === 0;
  part('table-wrap').hidden = current === 0;
  if (v.rows) {
    const shown = v.rows.length;
    part('count').textContent = state.onlyErrors
      ? `${shown} trong ${v.count} bản có lỗi`
      : `${v.count} bản, ${v.withErrors} bản có lỗi`;
    part('levels').textContent = v.legend;
  } else {
    part('count').textContent = '';
    part('levels').textContent = '';
  }
  renderFiles(v);
  renderTable(v);
  renderDetail(v);
  renderTotals(v);
}

// ---- downloads, printing, the read-only view ----------------------------
function download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function viewReturn(key) {
  const [, json] = office.returnJson(key) || [];
  if (!json) return;
  const dialog = part('viewer');
  const body = part('viewer-body');
  body.replaceChildren();
  viewer = PdtiApp.mount(body, { lang: 'vi', initialReturn: json, readOnly: true, autosave: false });
  dialog.showModal();
}

function closeViewer() {
  part('viewer').close();
}

function printList(text) {
  part('print').textContent = text;
  document.body.classList.add('printing-list');
  window.print();
}
window.addEventListener('afterprint', () => document.body.classList.remove('printing-list'));

// The workbook's code (zip, deflate) is most of the collector's wasm: the
// hosted page loads that build on the first export and gives it the same
// files in the same order; the offline file runs it from the start.
let withWorkbook;
async function workbookBytes() {
  if (typeof office.workbook === 'function') return office.workbook();
  withWorkbook ??= import('./pkg-collect-xlsx/pdti_form.js').then(async (m) => { await m.default(); return m; });
  let m;
  try {
    m = await withWorkbook;
  } catch (e) {
    withWorkbook = undefined; // the next press tries again
    throw new Error(`không tải được phần xuất Excel, hãy kiểm tra kết nối mạng (${e && e.message})`);
  }
  const other = new m.Collector();
  try {
    for (const rec of records.values()) {
      const r = JSON.parse(other.add(rec.id, rec.name, new Uint8Array(rec.bytes), rec.previous));
      if (r.refused) throw new Error(r.refused);
    }
    return other.workbook();
  } finally {
    other.free();
  }
}

async function exportXlsx() {
  let bytes;
  try {
    bytes = await workbookBytes();
  } catch (e) {
    return report(`Chưa xuất được tệp Excel: ${e && e.message ? e.message : e}`, [], 'error');
  }
  if (!bytes) return say('Chưa có bản báo cáo nào để xuất.', 'warning');
  const v = JSON.parse(office.view('rank', false, false, 'vi'));
  download(v.workbookName, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  say(`Đã xuất ${v.count} bản ra tệp Excel.`);
}

// ---- events --------------------------------------------------------------
root.addEventListener('change', (e) => {
  const t = e.target;
  const action = t.dataset.action;
  if (action === 'add-returns' || action === 'add-previous') {
    addFiles(t.files, action === 'add-previous').finally(() => { t.value = ''; });
  } else if (action === 'replace' && state.selected) {
    const id = state.selected.slice(0, state.selected.lastIndexOf('#'));
    replaceFile(id, t.files[0]).finally(() => { t.value = ''; });
  } else if (action === 'only-errors') {
    state.onlyErrors = t.checked;
    render();
  }
});

root.addEventListener('click', (e) => {
  const t = e.target.closest('button');
  if (!t) return;
  const key = state.selected;
  if (t.dataset.sort) {
    const same = state.sort === t.dataset.sort;
    // Counts and points read best largest first; rank and names from the top.
    const largestFirst = ['errors', 'warnings', 'missing', 'points'].includes(t.dataset.sort);
    state.descending = same ? !state.descending : largestFirst;
    state.sort = t.dataset.sort;
    render();
    root.querySelector(`[data-sort="${state.sort}"]`)?.focus();
    return;
  }
  switch (t.dataset.action) {
    case 'select':
      state.selected = state.selected === t.dataset.key ? null : t.dataset.key;
      render();
      if (state.selected) part('detail').querySelector('h3')?.setAttribute('tabindex', '-1');
      if (state.selected) part('detail').querySelector('h3')?.focus();
      break;
    case 'undo': undoLast(); break;
    case 'clear-all': {
      const disarm = () => {
        delete t.dataset.confirm;
        t.textContent = 'Xoá tất cả (bắt đầu kỳ mới)';
      };
      if (t.dataset.confirm === 'yes') {
        disarm();
        clearAll();
      } else {
        // The button asks for a second press, for five seconds.
        t.dataset.confirm = 'yes';
        t.textContent = 'Bấm lần nữa để xoá tất cả';
        setTimeout(disarm, 5000);
      }
      break;
    }
    case 'export-xlsx': exportXlsx(); break;
    case 'remove-file': removeFile(t.dataset.id); break;
    case 'remove': if (key) removeFile(key.slice(0, key.lastIndexOf('#'))); break;
    case 'view-return': if (key) viewReturn(key); break;
    case 'close-viewer': closeViewer(); break;
    case 'download-return': {
      const [name, json] = office.returnJson(key) || [];
      if (json) download(name, json, 'application/json');
      break;
    }
    case 'save-send-back': {
      const [name, text] = office.sendBack(key) || [];
      if (text) download(name, '\ufeff' + text.replace(/\n/g, '\r\n'), 'text/plain;charset=utf-8');
      break;
    }
    case 'print-send-back': {
      const [, text] = office.sendBack(key) || [];
      if (text) printList(text);
      break;
    }
    default: break;
  }
});

part('viewer').addEventListener('close', () => {
  if (viewer) viewer.destroy();
  viewer = null;
  part('viewer-body').replaceChildren();
});

// Files dropped anywhere on the page are this period's returns.
document.addEventListener('dragover', (e) => {
  if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return;
  e.preventDefault();
  part('drop').classList.add('over');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) part('drop').classList.remove('over');
});
document.addEventListener('drop', (e) => {
  if (!e.dataTransfer || !e.dataTransfer.files.length) return;
  e.preventDefault();
  part('drop').classList.remove('over');
  addFiles(e.dataTransfer.files, false);
});

// ---- start ---------------------------------------------------------------
/** Reads every stored file into a new office, in the order added. */
async function load() {
  if (office) office.free();
  office = new Collector();
  records.clear();
  const stored = (await inStore('readonly', (s) => s.getAll())) || [];
  stored.sort((a, b) => a.added - b.added);
  const lost = [];
  for (const rec of stored) {
    const refused = admit(rec);
    if (refused) {
      // A stored file the office no longer takes leaves the store too.
      lost.push(refused);
      await forget(rec.id);
    }
  }
  return { count: stored.length - lost.length, lost };
}

try {
  await init(await inlineWasm());
  try {
    db = await openDb();
  } catch (e) {
    say('Trình duyệt không cho lưu tệp trên máy này: các tệp đã thêm sẽ mất khi đóng trang.', 'warning');
  }
  const { count, lost } = await load();
  if (count || lost.length) report(`Đã mở lại ${count} tệp đã thêm trước đây.`, lost);
  if (channel) {
    channel.onmessage = async () => {
      undo.length = 0;
      const { count: n, lost: gone } = await load();
      report(`Danh sách vừa thay đổi ở một thẻ khác của trang này; trang đã cập nhật (${n} tệp).`, gone);
      render();
    };
  }
  render();
  root.dataset.state = 'ready';
} catch (err) {
  fail(err);
}
