// pdti-form for portals: `mount(element, options)` and the <pdti-form>
// custom element (Shadow DOM, so portal CSS cannot break it and it cannot
// break the portal). All logic is in the WebAssembly; this file only wires.
import init, { PdtiApp } from './pdti_form.js';

let ready;
/** Loads the WebAssembly once (from next to this module, or from `wasm`). */
export function load(wasm) {
  ready ??= init({ module_or_path: wasm ?? new URL('./pdti_form_bg.wasm', import.meta.url) });
  return ready;
}

const asText = (v) => (v == null || typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The current form's definition (JSON text) that ships with the package: the
 * form a portal gets when it gives none, and a start for its own version.
 * It is a module of its own, loaded only when wanted.
 */
export async function formDefinition() {
  return (await import('./pdti-definition.js')).default;
}

/** Wraps a mounted app with plain-JSON methods. */
function handle(app) {
  return {
    getReturn: () => JSON.parse(app.getReturn()),
    setReturn: (ret) => app.setReturn(asText(ret)),
    validate: () => JSON.parse(app.validate()),
    setValue: (code, input) => app.setValue(code, String(input)),
    setLanguage: (lang) => app.setLanguage(lang),
    destroy: () => app.destroy(),
  };
}

/**
 * Mounts the form into `element` (its content is replaced).
 * Options: lang ('vi' | 'en'), initialReturn (object or JSON text),
 * definition (a form definition, object or JSON text; by default the one the
 * package ships, `formDefinition()`), autosaveKey (string),
 * autosave (false to turn it off), readOnly (boolean).
 */
export async function mount(element, options = {}) {
  await load(options.wasm);
  const opts = {
    lang: options.lang,
    autosaveKey: options.autosaveKey,
    autosave: options.autosave,
    readOnly: Boolean(options.readOnly),
    definition: asText(options.definition) ?? (await formDefinition()),
    initialReturn: asText(options.initialReturn),
  };
  return handle(PdtiApp.mount(element, opts));
}

const STYLESHEET = new URL('./pdti.css', import.meta.url).href;

/** <pdti-form lang="vi" autosave-key="…" no-autosave readonly> */
export class PdtiFormElement extends HTMLElement {
  #app = null;
  #pending = null;

  connectedCallback() {
    if (this.#pending) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLESHEET;
    const container = document.createElement('div');
    root.replaceChildren(link, container);
    this.#pending = mount(container, {
      lang: this.getAttribute('lang') ?? 'vi',
      autosaveKey: this.getAttribute('autosave-key') ?? undefined,
      autosave: !this.hasAttribute('no-autosave'),
      readOnly: this.hasAttribute('readonly'),
      initialReturn: this.initialReturn,
      definition: this.definition,
    }).then((app) => {
      this.#app = app;
      this.dispatchEvent(new CustomEvent('pdti-ready', { bubbles: true }));
      return app;
    });
  }

  disconnectedCallback() {
    this.#app?.destroy();
    this.#app = null;
    this.#pending = null;
  }

  /** Resolves once the form is live. */
  get ready() { return this.#pending ?? Promise.reject(new Error('pdti-form is not connected')); }
  getReturn() { return this.#app?.getReturn(); }
  setReturn(ret) { return this.#app?.setReturn(ret); }
  validate() { return this.#app?.validate(); }
  setValue(code, input) { return this.#app?.setValue(code, input); }
}

if (!customElements.get('pdti-form')) customElements.define('pdti-form', PdtiFormElement);
