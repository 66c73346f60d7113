// Hand-written types of the pdti-form package.

/** A finding: a rule that does not hold, or a value that cannot be read. */
export interface Finding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  /** Field codes, the one to fix first. */
  fields: string[];
  message: { vi: string; en: string };
  suggestion?: { field: string; value: string };
  /** Line in an imported legacy file. */
  line?: number;
  origin?: 'validation' | 'import';
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  filled: number;
  required: number;
  requiredMissing: number;
}

export interface Indicator {
  code: string;
  pillar: string;
  label: { vi: string; en: string };
  status: 'ok' | 'provinceComputes' | 'missingDenominator' | 'zeroDenominator' | 'missingNumerator' | 'unreadable' | 'exceeds' | 'tooLarge';
  /** The ratio as a decimal string, 1 = 100 %. */
  value: string | null;
  percent: string | null;
  numerator: string | null;
  denominator: string | null;
  points: string | null;
  maxPoints: string | null;
  provisional: boolean;
}

/** A stored value: exactly what was typed, and what it means. */
export interface StoredValue {
  input: string;
  /**
   * Counts: number (a count above Number.MAX_SAFE_INTEGER, 2^53 − 1, is its
   * exact decimal string, never a rounded number). Money: decimal string in
   * đồng. Yes/no: boolean. null when unreadable.
   */
  value: number | string | boolean | null;
  unit?: 'đồng';
}

/** The JSON return (`pdti schema` prints its JSON Schema). */
export interface PdtiReturn {
  format: 'pdti-return';
  formatVersion: 1;
  form: { id: string; version?: string; assumptions?: string[] };
  period: { from: string | null; to: string | null };
  agency: { name: string };
  coverLetter?: { number: string; date: string | null };
  values: Record<string, StoredValue>;
  evidence?: Record<string, string>;
  notes?: Record<string, string>;
  unplaced?: { code: string; column: number; text: string }[];
  indicators: Indicator[];
  findings: Finding[];
  summary: Summary;
  generator?: { name: string; version: string };
  savedAt?: string;
}

export interface MountOptions {
  /** Interface language, 'vi' by default. */
  lang?: 'vi' | 'en';
  /** A return to start from (object or JSON text). */
  initialReturn?: PdtiReturn | string;
  /** A form definition to use instead of the one the package ships (object or JSON text). */
  definition?: object | string;
  /** localStorage key of the draft; default `pdti-form:<form id>`. Give each form on a page its own. */
  autosaveKey?: string;
  /** false: no draft is kept in localStorage. */
  autosave?: boolean;
  /** Show the form without letting anyone change it. */
  readOnly?: boolean;
  /** Where the .wasm is, when it is not next to this module. */
  wasm?: string | URL;
}

export interface PdtiFormHandle {
  getReturn(): PdtiReturn;
  /** Throws (and changes nothing) when the return cannot be read. */
  setReturn(ret: PdtiReturn | string): void;
  /** Shows every message and returns the summary. */
  validate(): Summary;
  /** Sets a field as if typed; false for an unknown field code. */
  setValue(code: string, input: string): boolean;
  setLanguage(lang: 'vi' | 'en'): void;
  destroy(): void;
}

export function load(wasm?: string | URL): Promise<unknown>;
/** The form definition the package ships (JSON text): the default form, and a start for your own. */
export function formDefinition(): Promise<string>;
export function mount(element: Element, options?: MountOptions): Promise<PdtiFormHandle>;

export interface PdtiChangeDetail { field: string; input: string; value: StoredValue['value']; findings: Finding[] }
export interface PdtiValidateDetail { summary: Summary }
/** Cancel it (preventDefault) to send the return your own way. */
export interface PdtiDownloadDetail { return: PdtiReturn; fileName: string }

export class PdtiFormElement extends HTMLElement {
  /** Resolves once the form is live. */
  readonly ready: Promise<PdtiFormHandle>;
  initialReturn?: PdtiReturn | string;
  definition?: object | string;
  getReturn(): PdtiReturn | undefined;
  setReturn(ret: PdtiReturn | string): void;
  validate(): Summary | undefined;
  setValue(code: string, input: string): boolean | undefined;
}

declare global {
  interface HTMLElementTagNameMap { 'pdti-form': PdtiFormElement }
  interface HTMLElementEventMap {
    'pdti-change': CustomEvent<PdtiChangeDetail>;
    'pdti-validate': CustomEvent<PdtiValidateDetail>;
    'pdti-download': CustomEvent<PdtiDownloadDetail>;
    'pdti-ready': CustomEvent<void>;
  }
}
