// npm run codegen (after graphql-codegen): merges the persisted-documents manifests of the
// project's own clients into trusted-documents.json (committed: a pull request shows which
// operations production will run; `--check` fails when it is not current). The build copies it
// into dist/, where TRUSTED_DOCUMENTS_MANIFEST points by default.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
/** Each client: its sources (a checkout without them, e.g. a Docker build stage, keeps the file) and its manifest. */
const CLIENTS = [
  { sources: 'dashboard/src', manifest: 'dashboard/src/generated/persisted-documents.json' },
  { sources: 'examples/approval-queue-client', manifest: 'examples/approval-queue-client/generated/persisted-documents.json' },
];
const target = path.join(root, 'trusted-documents.json');

if (!CLIENTS.every((client) => existsSync(path.join(root, client.sources)))) {
  console.log('trusted-documents: client sources not all present; trusted-documents.json left as it is');
  process.exit(0);
}
const merged = {};
for (const client of CLIENTS) {
  const file = path.join(root, client.manifest);
  if (!existsSync(file)) {
    console.error(`trusted-documents: ${client.manifest} is missing: run \`npm run codegen\``);
    process.exit(1);
  }
  for (const [id, text] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) merged[id] = text;
}
const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
const text = `${JSON.stringify(sorted, null, 2)}\n`;
const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error('trusted-documents.json is not current: run `npm run codegen` and commit it');
    process.exit(1);
  }
  console.log(`trusted-documents.json is current (${Object.keys(sorted).length} documents)`);
} else if (current !== text) {
  writeFileSync(target, text);
  console.log(`trusted-documents: ${Object.keys(sorted).length} documents in trusted-documents.json`);
}
