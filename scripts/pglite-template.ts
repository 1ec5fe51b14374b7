// Writes the embedded database a new DATA_DIR starts as a copy of (src/db/adapter.ts): initdb and
// this build's migrations, done once by `npm run build` instead of at every first start.
// Usage: node dist/scripts/pglite-template.js <folder>
import { existsSync, writeFileSync } from 'node:fs';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createPGlite, pgliteVersion } from '../src/db/adapter.js';
import { applyMigrations } from '../src/db/migrate.js';

const [dir] = process.argv.slice(2);
if (!dir || existsSync(dir)) {
  console.error('usage: node dist/scripts/pglite-template.js <folder that does not exist yet>');
  process.exit(2);
}
const pglite = createPGlite(dir);
await pglite.waitReady;
const applied = await applyMigrations(new PrismaPGlite(pglite));
await pglite.close(); // a clean shutdown: copies start without recovery
writeFileSync(`${dir}.json`, `${JSON.stringify({ pglite: pgliteVersion(), migrations: applied })}\n`);
console.log(`embedded database template: PGlite ${pgliteVersion()}, ${applied.length} migrations`);
