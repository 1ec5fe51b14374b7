// npm install / npm ci: generates the Prisma client, the Pothos types and the typed documents.
// A production install (npm ci --omit=dev) has neither the Prisma CLI nor GraphQL Codegen, and
// needs neither: the generated client is compiled into dist/ by `npm run build`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const installed = (name) => {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
};

if (!installed('prisma') || !installed('@graphql-codegen/cli')) {
  console.log('postinstall: development tools not installed (production install): skipping code generation; run the built dist/');
  process.exit(0);
}
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', cwd: root }).status ?? 1;
const status = run(process.execPath, ['scripts/prisma-generate.mjs']) || run('npx', ['graphql-codegen', '--config', 'codegen.ts']);
process.exit(status);
