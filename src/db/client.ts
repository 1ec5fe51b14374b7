// The process-wide Prisma client. Kept out of the GraphQL context on purpose (type-check speed,
// see Pothos docs); services import `db()`.
import { PrismaClient } from '../generated/prisma/client.js';
import { openAdapter, type DatabaseTarget, type OpenAdapter } from './adapter.js';

export type Db = PrismaClient;

let current: { prisma: PrismaClient; adapter: OpenAdapter } | undefined;

export function db(): PrismaClient {
  if (!current) throw new Error('database not connected: call connectDatabase() first');
  return current.prisma;
}

export async function connectDatabase(target: DatabaseTarget): Promise<PrismaClient> {
  if (current) return current.prisma;
  const adapter = openAdapter(target);
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
