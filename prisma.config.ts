// Prisma CLI configuration. Migrations are applied by src/db/migrate.ts (WebAssembly schema
// engine, works offline); `prisma migrate deploy` reads the same folders where its engine exists.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/opsloop' },
});
