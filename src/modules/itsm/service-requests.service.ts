// Service requests: filing (classified at once, SLA from the priority; other modules react to the
// filed event, e.g. recurrence), reading (REQUESTERs their own only), resolving. No GraphQL here.
// The static permission of each operation is its GraphQL field's; these functions enforce only the
// rules that depend on the data (a REQUESTER's own requests and institution).
import { z } from 'zod';
import { can } from '../../auth/permissions.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/client.js';
import { publicId } from '../../db/ids.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Prisma, ServiceRequest } from '../../generated/prisma/client.js';
import { Priority, RequestStatus, RequestType } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, parsePublicId, requiredText } from '../../validation.js';
import { classifyRequest, slaDeadline } from './classification.js';

const CreateRequestSchema = z.object({
  title: requiredText(200),
  description: requiredText(10_000),
  type: z.enum(RequestType),
  priority: z.enum(Priority).nullish(),
  instId: z.number().int('must be a whole number').positive('must be positive').nullish(),
  slaDueAt: z.date().nullish(),
});

export type CreateRequestInput = z.input<typeof CreateRequestSchema>;

export function parseRequestId(id: string, field = 'id'): string {
  return parsePublicId('SR', id, 'a service request', field);
}

/** The GraphQL layer's planned selection (relations), spread into the final read. */
type ReadQuery = Omit<Prisma.ServiceRequestFindUniqueArgs, 'where'>;
type FindManyQuery = Omit<Prisma.ServiceRequestFindManyArgs, 'where' | 'orderBy'>;

/** REQUESTERs see their own requests only; everyone else who may read requests sees all. */
function readsOwnOnly(viewer: Viewer): boolean {
  return !can(viewer.role, 'request:readAll');
}

/**
 * A requester files for the token's institution only; a token without `inst` files for none
 * (null), never for whichever one the input names. Ops roles may file for any institution.
 */
function institutionFiledFor(viewer: Viewer, requested: number | null | undefined): number | null {
  if (viewer.role !== 'REQUESTER') return requested ?? viewer.instId;
  if (requested != null && requested !== viewer.instId) {
    throw new ForbiddenError(
      `a requester files requests for their own institution (${viewer.instId ?? 'none in the token'}), not input.instId ${requested}`,
    );
  }
  return viewer.instId;
}

export async function createServiceRequest(rt: Runtime, viewer: Viewer, rawInput: unknown, query: ReadQuery = {}): Promise<ServiceRequest> {
  const input = parseInput(CreateRequestSchema, rawInput ?? {}, 'input');
  const now = rt.clock.now();
  if (input.slaDueAt && input.slaDueAt.getTime() <= now.getTime()) throw new BadInputError('input.slaDueAt', 'must be in the future');
  const instId = institutionFiledFor(viewer, input.instId);
  const classification = classifyRequest(input);
  // A priority the requester chose wins over the inferred one: they know their impact best.
  const priority = input.priority ?? classification.priority;
  const request = await rt.db.serviceRequest.create({
    data: {
      id: publicId('SR'),
      title: input.title,
      description: input.description,
      type: input.type,
      priority,
      category: classification.category,
      classifiedAt: now,
      instId,
      requester: viewer.username,
      slaDueAt: input.slaDueAt ?? slaDeadline(priority, now, rt.config.slaHours),
      createdAt: now,
    },
  });
  rt.logger.info(
    { srId: request.id, category: classification.category, categoryKeywords: classification.categoryKeywords, priority, priorityReasons: classification.priorityReasons },
    'service request classified',
  );
  // After the commit, before the answer is read: reactions (recurrence links a pattern) show in it.
  const { id, title, description, type } = request;
  await rt.domain.emit('serviceRequest:filed', { id, title, description, type, instId: request.instId });
  return rt.db.serviceRequest.findUniqueOrThrow({ ...query, where: { id } });
}

export interface RequestFilter {
  status?: RequestStatus | null;
  type?: RequestType | null;
}

/** Builds the where-clause only: who may see what is decided by the caller. */
function requestsWhere(filter: RequestFilter, requester?: string): Prisma.ServiceRequestWhereInput {
  return {
    ...(requester ? { requester } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.type ? { type: filter.type } : {}),
  };
}

function visibleRequestsWhere(viewer: Viewer, filter: RequestFilter): Prisma.ServiceRequestWhereInput {
  return requestsWhere(filter, readsOwnOnly(viewer) ? viewer.username : undefined);
}

export async function listServiceRequests(rt: Runtime, viewer: Viewer, filter: RequestFilter, query: FindManyQuery = {}): Promise<ServiceRequest[]> {
  return rt.db.serviceRequest.findMany({ ...query, where: visibleRequestsWhere(viewer, filter), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countServiceRequests(rt: Runtime, viewer: Viewer, filter: RequestFilter): Promise<number> {
  return rt.db.serviceRequest.count({ where: visibleRequestsWhere(viewer, filter) });
}

/** node(id:) and the loader's reloads: the unique where of a request this viewer may see (a REQUESTER: their own only). */
export function visibleRequestWhere(viewer: Viewer | null, id: string): Prisma.ServiceRequestWhereUniqueInput {
  return { id, ...(!viewer || readsOwnOnly(viewer) ? { requester: viewer?.username ?? '' } : {}) };
}

/** The requests of these ids (an ops reader's: no per-requester rule), in one statement. */
export async function requestsByIds(rt: Runtime, ids: readonly string[]): Promise<ServiceRequest[]> {
  return rt.db.serviceRequest.findMany({ where: { id: { in: [...ids] } } });
}

/** Another requester's request is NOT_FOUND, exactly like a missing one: its existence is not leaked. */
export async function getServiceRequest(
  rt: Runtime,
  viewer: Viewer,
  rawId: string,
  query: Omit<Prisma.ServiceRequestFindFirstArgs, 'where'> = {},
): Promise<ServiceRequest> {
  const id = parseRequestId(rawId);
  const request = await rt.db.serviceRequest.findFirst({ ...query, where: { id, ...(readsOwnOnly(viewer) ? { requester: viewer.username } : {}) } });
  if (!request) throw new NotFoundError('ServiceRequest', id);
  return request;
}

const ResolutionSchema = requiredText(10_000);

/** Resolves an open request with its resolution (which the cycle later drafts into a KB article). */
export async function resolveServiceRequest(rt: Runtime, viewer: Viewer, rawId: string, rawResolution: string, query: ReadQuery = {}): Promise<ServiceRequest> {
  const id = parseRequestId(rawId);
  const resolution = parseInput(ResolutionSchema, rawResolution, 'resolution');
  const { count } = await rt.db.serviceRequest.updateMany({
    where: { id, status: { in: ['NEW', 'ASSIGNED', 'IN_PROGRESS'] } },
    data: { status: 'RESOLVED', resolution, resolvedAt: rt.clock.now() },
  });
  const request = await rt.db.serviceRequest.findUnique({ ...query, where: { id } });
  if (!request) throw new NotFoundError('ServiceRequest', id);
  if (count === 0) throw new ConflictError(`service request ${id} is ${request.status}, not open`, { status: request.status });
  rt.logger.info({ srId: id, by: viewer.username }, 'service request resolved');
  return request;
}

// ─── for other modules (learning): ServiceRequest.patternId is written here only ───

/** Links a request to its recurrence pattern once: true when it was unlinked and is linked now. */
export async function linkRequestToPattern(rt: Runtime, srId: string, patternId: number): Promise<boolean> {
  const { count } = await rt.db.serviceRequest.updateMany({ where: { id: srId, patternId: null }, data: { patternId } });
  return count > 0;
}

export async function requestExists(rt: Runtime, srId: string): Promise<boolean> {
  return (await rt.db.serviceRequest.count({ where: { id: srId } })) > 0;
}

/** The pattern a request is linked to; null when there is no such request or it is unlinked. */
export async function patternIdOfRequest(rt: Runtime, srId: string): Promise<number | null> {
  const request = await rt.db.serviceRequest.findUnique({ where: { id: srId }, select: { patternId: true } });
  return request?.patternId ?? null;
}

/** What a recurrence review needs of a request: its pattern, type, institution and filing time; null when unknown. */
export async function requestRecurrenceScope(
  rt: Runtime,
  srId: string,
): Promise<Pick<ServiceRequest, 'patternId' | 'type' | 'instId' | 'createdAt'> | null> {
  return rt.db.serviceRequest.findUnique({ where: { id: srId }, select: { patternId: true, type: true, instId: true, createdAt: true } });
}

/** The patterns the given requests are linked to (unlinked and unknown requests are absent). */
export async function patternIdsOfRequests(rt: Runtime, srIds: string[]): Promise<Map<string, number>> {
  if (srIds.length === 0) return new Map();
  const rows = await rt.db.serviceRequest.findMany({ where: { id: { in: srIds }, patternId: { not: null } }, select: { id: true, patternId: true } });
  return new Map(rows.map((row) => [row.id, row.patternId!]));
}

/** 1 when the request is linked to the pattern, else 0 (inside the caller's transaction, if any). */
export async function countRequestsOfPattern(client: Db | Prisma.TransactionClient, srId: string, patternId: number): Promise<number> {
  return client.serviceRequest.count({ where: { id: srId, patternId } });
}

/** Title, category and resolution of the given requests, newest first (learning mines lessons from them). */
export async function requestSummaries(rt: Runtime, srIds: string[]): Promise<Array<{ title: string; category: ServiceRequest['category']; resolution: string | null }>> {
  if (srIds.length === 0) return [];
  return rt.db.serviceRequest.findMany({
    where: { id: { in: srIds } },
    select: { title: true, category: true, resolution: true },
    orderBy: { createdAt: 'desc' },
  });
}
