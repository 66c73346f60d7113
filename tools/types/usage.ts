// Compile-only check that the hand-written types describe how integrators
// use the package (`make lint` runs tsc --noEmit on it).
import { mount, formDefinition, type PdtiReturn, type Summary, type PdtiFormElement } from '../../pkg-config/pdti-form.js';
import init, { PdtiApp } from '../../pkg-config/pdti_form.js';

export async function portal(div: HTMLElement, saved: PdtiReturn): Promise<Summary> {
  const app = await mount(div, { lang: 'vi', autosaveKey: 'pdti:a', initialReturn: saved, readOnly: false });
  app.setValue('6.2.đ', '14');
  const ret: PdtiReturn = app.getReturn();
  const money: string | number | boolean | null = ret.values['5.11.1.c']?.value ?? null;
  void money;
  const el = document.querySelector('pdti-form') as PdtiFormElement;
  el.addEventListener('pdti-change', (e) => console.log(e.detail.field, e.detail.findings.length));
  el.addEventListener('pdti-download', (e) => { e.preventDefault(); console.log(e.detail.return.summary.errors); });
  await el.ready;
  return app.validate();
}

export async function raw(host: Element): Promise<string> {
  await init();
  const app = PdtiApp.mount(host, { lang: 'en', autosave: false, definition: await formDefinition() });
  return app.getReturn();
}
