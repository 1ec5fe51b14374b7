// npm run db:diff -- <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the existing migrations and prisma/schema.prisma. Works offline.
import path from 'node:path';
import { createMigration } from '../src/db/migrate.js';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:diff -- <name>   (lower-case letters, digits and _)');
  process.exit(2);
}
const dir = await createMigration(name);
console.log(dir ? `wrote ${path.relative(process.cwd(), dir)}/migration.sql` : 'schema.prisma matches the migrations: nothing to write');
