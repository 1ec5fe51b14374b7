// Incidents (INC-…): opened by the cycle for severe anomalies; read by the ops roles.
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { parsePublicId } from '../../validation.js';
import type { Incident, Prisma } from '../../generated/prisma/client.js';
import type { IncidentStatus } from '../../generated/prisma/enums.js';


type FindManyQuery = Omit<Prisma.IncidentFindManyArgs, 'where' | 'orderBy'>;

function incidentsWhere(status: IncidentStatus | null | undefined): Prisma.IncidentWhereInput {
  return status ? { status } : {};
}

export async function listIncidents(viewer: Viewer | null, status: IncidentStatus | null | undefined, query: FindManyQuery = {}): Promise<Incident[]> {
  requirePermission(viewer, 'ops:read');
  return db().incident.findMany({ ...query, where: incidentsWhere(status), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countIncidents(viewer: Viewer | null, status: IncidentStatus | null | undefined): Promise<number> {
  requirePermission(viewer, 'ops:read');
  return db().incident.count({ where: incidentsWhere(status) });
}

export async function getIncident(viewer: Viewer | null, rawId: string, query: Omit<Prisma.IncidentFindUniqueArgs, 'where'> = {}): Promise<Incident> {
  requirePermission(viewer, 'ops:read');
  const id = parsePublicId('INC', rawId, 'an incident');
  const incident = await db().incident.findUnique({ ...query, where: { id } });
  if (!incident) throw new NotFoundError('Incident', id);
  return incident;
}
