// Hand-written types of the WebAssembly facade (the wasm-bindgen glue
// `pdti_form.js`). Most users want `pdti-form.js` (mount / <pdti-form>).

/** Loads the WebAssembly: from a URL, a Response, bytes or a compiled module. */
export default function init(
  module_or_path?: { module_or_path: RequestInfo | URL | Response | BufferSource | WebAssembly.Module } | RequestInfo | URL,
): Promise<unknown>;

/** Options of PdtiApp.mount: all optional. */
export interface PdtiAppOptions {
  lang?: 'vi' | 'en';
  autosaveKey?: string;
  autosave?: boolean;
  readOnly?: boolean;
  /** The form definition as JSON text (the package's is `formDefinition()` of pdti-form.js). */
  definition: string;
  /** A return as JSON text. */
  initialReturn?: string;
}

/** One mounted form. */
export class PdtiApp {
  private constructor();
  /** Mounts into `host`, reusing a pre-rendered form of the same definition and language. */
  static mount(host: Element, options: PdtiAppOptions): PdtiApp;
  /** The return as JSON text (findings, indicators and summary included). */
  getReturn(): string;
  /** Replaces the return; throws and changes nothing when `json` cannot be read. */
  setReturn(json: string): void;
  /** Shows every message; the summary as JSON text. */
  validate(): string;
  /** Sets a field as if typed and left; false for an unknown code. */
  setValue(code: string, input: string): boolean;
  setLanguage(lang: 'vi' | 'en'): void;
  /** Removes the event listeners; the markup stays. */
  destroy(): void;
  /** Makes the next typed value fail as a bug would (tests of failure handling only). */
  __panicForTests(): void;
  free(): void;
}
