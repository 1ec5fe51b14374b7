// Incidents (INC-…): opened by the cycle for severe anomalies; read by the ops roles (`ops:read`,
// declared on the GraphQL fields).
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
