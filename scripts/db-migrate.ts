// npm run db:migrate — applies pending migrations to the configured database.
import { loadConfig } from '../src/config.js';
import { DataDirInUseError } from '../src/db/adapter.js';
import { migrateDatabase } from '../src/db/migrate.js';

const config = loadConfig();
try {
  const applied = await migrateDatabase(config);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date: nothing to apply');
} catch (error) {
  if (!(error instanceof DataDirInUseError)) throw error;
  console.error(error.message);
  process.exit(2);
}
