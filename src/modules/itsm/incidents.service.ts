// Incidents (INC-…): opened by the cycle for severe anomalies; read by the ops roles (`ops:read`,
// declared on the GraphQL fields).
import type { Db } from '../../db/client.js';
import { publicId } from '../../db/ids.js';
import { NotFoundError } from '../../errors.js';
import type { Incident, Prisma } from '../../generated/prisma/client.js';
import type { IncidentStatus, Severity } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parsePublicId } from '../../validation.js';

type FindManyQuery = Omit<Prisma.IncidentFindManyArgs, 'where' | 'orderBy'>;

function incidentsWhere(status: IncidentStatus | null | undefined): Prisma.IncidentWhereInput {
  return status ? { status } : {};
}

export async function listIncidents(rt: Runtime, status: IncidentStatus | null | undefined, query: FindManyQuery = {}): Promise<Incident[]> {
  return rt.db.incident.findMany({ ...query, where: incidentsWhere(status), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countIncidents(rt: Runtime, status: IncidentStatus | null | undefined): Promise<number> {
  return rt.db.incident.count({ where: incidentsWhere(status) });
}

export async function getIncident(rt: Runtime, rawId: string, query: Omit<Prisma.IncidentFindUniqueArgs, 'where'> = {}): Promise<Incident> {
  const id = parsePublicId('INC', rawId, 'an incident');
  const incident = await rt.db.incident.findUnique({ ...query, where: { id } });
  if (!incident) throw new NotFoundError('Incident', id);
  return incident;
}

/** One incident with the anomaly it was opened for (NOT_FOUND when unknown). */
export async function getIncidentWithAnomaly(rt: Runtime, rawId: string) {
  const id = parsePublicId('INC', rawId, 'an incident');
  const incident = await rt.db.incident.findUnique({ where: { id }, include: { anomaly: true } });
  if (!incident) throw new NotFoundError('Incident', id);
  return incident;
}

/**
 * Opens the incident of an anomaly inside the caller's transaction: its id, or null when the
 * anomaly already has one (Incident.anomalyId is unique; the insert skips the duplicate, so the
 * transaction is not aborted on PostgreSQL).
 */
export async function openIncidentForAnomaly(
  tx: Prisma.TransactionClient,
  anomaly: { anomalyId: string; title: string; severity: Severity; openedAt: Date },
): Promise<string | null> {
  const id = publicId('INC');
  const { count } = await tx.incident.createMany({
    data: [{ id, title: anomaly.title, severity: anomaly.severity, anomalyId: anomaly.anomalyId, createdAt: anomaly.openedAt }],
    skipDuplicates: true,
  });
  return count === 0 ? null : id;
}

/** An incident with when it began (its anomaly's detection) and the anomaly's source. */
export interface IncidentOccurrence {
  id: string;
  title: string;
  source: string;
  metricType: string;
  occurredAt: Date;
}

/**
 * Incidents whose anomaly's source contains one of `fragments` (case-insensitive) and was detected
 * in [from, to), newest first, at most `take` (change history: what followed a change). Incidents
 * are opened for anomalies, so the anomaly's detection time (index detectedAt) is when one began.
 * One statement.
 */
export async function incidentsNaming(
  client: Db | Prisma.TransactionClient,
  fragments: string[],
  range: { from: Date; to: Date },
  take: number,
): Promise<IncidentOccurrence[]> {
  if (fragments.length === 0) return [];
  const patterns = fragments.map((fragment) => `%${fragment.replace(/[\\%_]/g, '\\$&')}%`);
  return client.$queryRaw<IncidentOccurrence[]>`
    SELECT i.id, i.title, a.source, a."metricType", a."detectedAt" AS "occurredAt"
    FROM "Anomaly" a JOIN "Incident" i ON i."anomalyId" = a.id
    WHERE a."detectedAt" >= ${range.from} AND a."detectedAt" < ${range.to} AND a.source ILIKE ANY(${patterns}::text[])
    ORDER BY a."detectedAt" DESC, i.id DESC
    LIMIT ${take}`;
}
