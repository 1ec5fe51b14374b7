// npm run build: compiles the server and the operator scripts to dist/ (esbuild, one bundle each
// with shared chunks; dependencies bundled in, but for those listed in BUNDLE_EXTERNAL), then writes the embedded database template
// a fresh DATA_DIR starts from. Run by `npm start` (prestart) and `npm test` (pretest).
// Unchanged outputs are not rewritten, and the template is remade only when PGlite or a migration
// changed, so a second build takes about a second.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);

/** The entry points: the server, and what an operator runs in production. */
const ENTRIES = {
  main: 'src/main.ts',
  'scripts/token': 'scripts/token.ts',
  'scripts/db-migrate': 'scripts/db-migrate.ts',
  'scripts/seed': 'scripts/seed.ts',
  'scripts/kb-rekey': 'scripts/kb-rekey.ts',
  'scripts/pglite-template': 'scripts/pglite-template.ts',
};

/** Packages kept in node_modules: they read files beside their own code or start workers; pg breaks when bundled (its connection parameters come out as an object). */
const BUNDLE_EXTERNAL = ['pg', 'pg-*', '@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/*', 'pino', 'pino-pretty', 'thread-stream', '@opentelemetry/*', 'esbuild', 'vite'];

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install (npm ci --omit=dev) has no build tools: it runs the dist/ it was given.
  if (existsSync(path.join(dist, 'main.js'))) {
    console.log('build: esbuild is not installed (production install); using the existing dist/');
    process.exit(0);
  }
  console.error('build: esbuild is not installed and there is no dist/: run `npm ci` (with dev dependencies) first');
  process.exit(1);
}
if (!existsSync(path.join(root, 'src/generated/prisma/client.ts'))) {
  console.error('build: src/generated/ is missing: run `npm run generate` first');
  process.exit(1);
}

const started = performance.now();
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Dependencies are bundled (a start-up then resolves and reads a few files, not a thousand);
  // those that load files next to their own code (WebAssembly, worker scripts) stay in node_modules.
  external: BUNDLE_EXTERNAL,
  // ES modules first where a package ships both (graphql does): a CommonJS one is reached through
  // esbuild's interop getters on every property access, which cost 7% of a busy server's CPU.
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __opsloopCreateRequire } from 'node:module'; import { fileURLToPath as __opsloopFileURLToPath } from 'node:url'; import { dirname as __opsloopDirname } from 'node:path'; const require = __opsloopCreateRequire(import.meta.url); const __filename = __opsloopFileURLToPath(import.meta.url); const __dirname = __opsloopDirname(__filename);" },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  write: false,
  logLevel: 'warning',
});

// Write only what changed, each file atomically (a server starting meanwhile reads whole files).
const written = new Set();
let changed = 0;
for (const file of result.outputFiles) {
  written.add(file.path);
  if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(`${file.path}.tmp`, file.contents);
  renameSync(`${file.path}.tmp`, file.path);
  changed += 1;
}
for (const file of walk(path.join(dist, 'chunks'))) if (!written.has(file)) rmSync(file);
console.log(`build: dist/ in ${Math.round(performance.now() - started)} ms (${changed} of ${result.outputFiles.length} files changed)`);

// The trusted-documents manifest (TRUSTED_DOCUMENTS_MANIFEST's default dist/trusted-documents.json).
const manifest = path.join(root, 'trusted-documents.json');
if (existsSync(manifest) && !(existsSync(path.join(dist, 'trusted-documents.json')) && readFileSync(manifest).equals(readFileSync(path.join(dist, 'trusted-documents.json'))))) {
  writeFileSync(path.join(dist, 'trusted-documents.json'), readFileSync(manifest));
}

// The embedded database template: remade when PGlite or the migrations are not those it was made from.
const template = path.join(dist, 'pglite-template');
const key = templateKey();
const keyFile = path.join(dist, 'pglite-template.key');
if (existsSync(path.join(template, 'PG_VERSION')) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
  console.log('build: embedded database template is current');
} else {
  const at = performance.now();
  const fresh = `${template}.new`;
  rmSync(fresh, { recursive: true, force: true });
  const made = spawnSync(process.execPath, [path.join(dist, 'scripts/pglite-template.js'), fresh], { stdio: 'inherit', cwd: root });
  if (made.status !== 0) {
    console.error('build: could not write the embedded database template');
    process.exit(1);
  }
  rmSync(template, { recursive: true, force: true });
  renameSync(fresh, template);
  renameSync(`${fresh}.json`, `${template}.json`);
  writeFileSync(keyFile, key);
  console.log(`build: embedded database template in ${Math.round(performance.now() - at)} ms`);
}

// The dashboard (dashboard/, Vite): rebuilt when its sources or the schema changed.
const dashboardKeyFile = path.join(dist, 'dashboard.key');
const dashboardKey = treeKey(['dashboard', 'schema.graphql'], (file) => !file.includes(`${path.sep}generated${path.sep}`));
if (existsSync(path.join(dist, 'dashboard', 'index.html')) && existsSync(dashboardKeyFile) && readFileSync(dashboardKeyFile, 'utf8') === dashboardKey) {
  console.log('build: dashboard is current');
} else {
  const at = performance.now();
  const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (vite.status !== 0) {
    console.error('build: the dashboard did not build (npm run build:dashboard shows why)');
    process.exit(1);
  }
  writeFileSync(dashboardKeyFile, dashboardKey);
  console.log(`build: dashboard in ${Math.round(performance.now() - at)} ms`);
}

/** A hash of the files under the given paths (relative to the project root). */
function treeKey(paths, include) {
  const hash = createHash('sha256');
  for (const entry of paths) {
    const full = path.join(root, entry);
    const files = statSync(full).isDirectory() ? [...walk(full)].filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`) && include(file)).sort() : [full];
    for (const file of files) hash.update(path.relative(root, file)).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function templateKey() {
  const hash = createHash('sha256');
  const pglite = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  hash.update(readFileSync(pglite));
  const migrations = path.join(root, 'prisma/migrations');
  for (const name of readdirSync(migrations).sort()) {
    const file = path.join(migrations, name, 'migration.sql');
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) yield* walk(file);
    else yield file;
  }
}
