// The Prisma client over the PGlite or pg driver adapter. One per runtime (src/runtime.ts); kept
// out of the Pothos context type on purpose only in name: services receive it through the runtime.
import { PrismaClient } from '../generated/prisma/client.js';
import { openAdapter, type DatabaseTarget, type PreparedDataDir } from './adapter.js';
import { migrateWith } from './migrate.js';

export type Db = PrismaClient;

export interface OpenDatabase {
  prisma: PrismaClient;
  close(): Promise<void>;
}

/** Connects a client; with `migrate`, applies pending migrations first on the same adapter (one
 * embedded database opened at start-up, not two). */
export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean; prepared?: PreparedDataDir } = {}): Promise<OpenDatabase> {
  const adapter = await openAdapter(target, options.prepared);
  try {
    if (options.migrate) await migrateWith(adapter, target);
    const prisma = new PrismaClient({ adapter: adapter.factory });
    await prisma.$connect();
    return {
      prisma,
      async close() {
        await prisma.$disconnect();
        await adapter.close();
      },
    };
  } catch (error) {
    await adapter.close();
    throw error;
  }
}
