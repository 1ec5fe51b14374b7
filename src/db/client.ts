// The process-wide Prisma client. Kept out of the GraphQL context on purpose (type-check speed,
// see Pothos docs); services import `db()`.
import { PrismaClient } from '../generated/prisma/client.js';
import { openAdapter, type DatabaseTarget, type OpenAdapter } from './adapter.js';
import { migrateWith } from './migrate.js';

export type Db = PrismaClient;

let current: { prisma: PrismaClient; adapter: OpenAdapter } | undefined;

export function db(): PrismaClient {
  if (!current) throw new Error('database not connected: call connectDatabase() first');
  return current.prisma;
}

/** Connects the process-wide client; with `migrate`, applies pending migrations first on the same
 * adapter (one embedded database opened at start-up, not two). */
export async function connectDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<PrismaClient> {
  if (current) return current.prisma;
  const adapter = openAdapter(target);
  if (options.migrate) {
    try {
      await migrateWith(adapter, target);
    } catch (error) {
      await adapter.close();
      throw error;
    }
  }
  const prisma = new PrismaClient({ adapter: adapter.factory });
  await prisma.$connect();
  current = { prisma, adapter };
  return prisma;
}

export async function disconnectDatabase(): Promise<void> {
  if (!current) return;
  const { prisma, adapter } = current;
  current = undefined;
  await prisma.$disconnect();
  await adapter.close();
}
