// Builds the npm package in dist/npm from pkg-config/ (manifest template,
// types, README) and the wasm build; the version comes from Cargo.toml.
import { readFile, writeFile, mkdir, copyFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'npm');
const cargo = await readFile(join(root, 'Cargo.toml'), 'utf8');
const version = cargo.match(/^version = "([^"]+)"/m)[1];
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const manifest = (await readFile(join(root, 'pkg-config', 'package.json'), 'utf8')).replace('{{version}}', version);
await writeFile(join(out, 'package.json'), manifest);
const copies = [
  ['www/embed/pdti-form.js', 'pdti-form.js'],
  ['pkg-config/pdti-form.d.ts', 'pdti-form.d.ts'],
  ['pkg-config/pdti_form.d.ts', 'pdti_form.d.ts'],
  ['pkg-config/README.md', 'README.md'],
  ['dist/web/pdti.css', 'pdti.css'],
  ['target/web-pkg-npm/pdti_form.js', 'pdti_form.js'],
  ['target/web-pkg-npm/pdti_form_bg.wasm', 'pdti_form_bg.wasm'],
];
for (const [from, to] of copies) await copyFile(join(root, from), join(out, to));
// The current form's definition, as the hosted page carries it (its data
// block), as a module: the wasm embeds no definition.
const block = (await readFile(join(root, 'dist', 'web', 'index.html'), 'utf8')).match(
  /<script type="application\/json" id="pdti-definition">([^<]*)<\/script>/,
);
if (!block) throw new Error('build-npm: dist/web/index.html has no #pdti-definition block');
await writeFile(
  join(out, 'pdti-definition.js'),
  `// The form definition the package ships (JSON text): pdti-form.js loads it\n// when a portal gives none.\nexport default ${JSON.stringify(block[1].replaceAll('\\u003c', '<'))};\n`,
);
for (const f of JSON.parse(manifest).files) await readFile(join(out, f));
console.log(`built dist/npm (pdti-form@${version})`);
