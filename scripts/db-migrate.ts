// npm run db:migrate — applies pending migrations to the configured database.
import { loadConfig } from '../src/config.js';
import { migrateDatabase } from '../src/db/migrate.js';

const config = loadConfig();
const applied = await migrateDatabase(config);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date: nothing to apply');
