// The example portal's own script: listens to the forms' events, sends
// form B's return "to the server" (here: keeps it) instead of a download.
const log = document.getElementById('portal-log');
window.portalEvents = [];
window.portalSent = [];
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
for (const form of document.querySelectorAll('pdti-form')) {
  for (const type of ['pdti-change', 'pdti-validate', 'pdti-download', 'pdti-ready']) {
    form.addEventListener(type, (e) => {
      window.portalEvents.push({ form: form.id, type, detail: e.detail ?? null });
      log.textContent = `${form.id}: ${type}${e.detail?.field ? ' ' + e.detail.field : ''}`;
    });
  }
}
document.getElementById('form-b').addEventListener('pdti-download', (e) => {
  e.preventDefault();
  window.portalSent.push(e.detail.return);
});
Promise.all([...document.querySelectorAll('pdti-form')].map((f) => customElements.whenDefined('pdti-form').then(() => f.ready)))
  .then(() => { document.documentElement.dataset.portalReady = 'true'; });
