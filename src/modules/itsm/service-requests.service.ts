// Service requests: filing (classified at once, SLA from the priority, recurrence detected),
// reading (REQUESTERs their own only), resolving. No GraphQL here.
import { z } from 'zod';
import { can } from '../../auth/permissions.js';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { publicId } from '../../db/ids.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Prisma, ServiceRequest } from '../../generated/prisma/client.js';
import { Priority, RequestStatus, RequestType } from '../../generated/prisma/enums.js';
import { logger } from '../../logger.js';
import { settings } from '../../runtime.js';
import { parseInput, parsePublicId, requiredText } from '../../validation.js';
import { detectRecurrenceForRequest } from '../learning/recurrence.service.js';
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

/** REQUESTERs see their own requests only; everyone else who may read requests sees all. */
function visibleTo(viewer: Viewer): Prisma.ServiceRequestWhereInput {
  return can(viewer.role, 'request:readAll') ? {} : { requester: viewer.username };
}

/** The GraphQL layer's planned selection (relations), spread into the final read. */
type ReadQuery = Omit<Prisma.ServiceRequestFindUniqueArgs, 'where'>;

export async function createServiceRequest(viewer: Viewer | null, rawInput: unknown, query: ReadQuery = {}): Promise<ServiceRequest> {
  const actor = requirePermission(viewer, 'request:create');
  const input = parseInput(CreateRequestSchema, rawInput ?? {}, 'input');
  const now = new Date();
  if (input.slaDueAt && input.slaDueAt.getTime() <= now.getTime()) throw new BadInputError('input.slaDueAt', 'must be in the future');
  // A requester files for the token's institution only; a token without `inst` files for none
  // (null), never for whichever one the input names. Ops roles may file for any institution.
  const requester = actor.role === 'REQUESTER';
  if (requester && input.instId != null && input.instId !== actor.instId) {
    throw new ForbiddenError(
      `a requester files requests for their own institution (${actor.instId ?? 'none in the token'}), not input.instId ${input.instId}`,
    );
  }
  const instId = requester ? actor.instId : (input.instId ?? actor.instId);
  const classification = classifyRequest(input);
  // A priority the requester chose wins over the inferred one: they know their impact best.
  const priority = input.priority ?? classification.priority;
  const request = await db().serviceRequest.create({
    data: {
      id: publicId('SR'),
      title: input.title,
      description: input.description,
      type: input.type,
      priority,
      category: classification.category,
      classifiedAt: now,
      instId,
      requester: actor.username,
      slaDueAt: input.slaDueAt ?? slaDeadline(priority, now, settings().slaHours),
      createdAt: now,
    },
  });
  logger.info(
    { srId: request.id, category: classification.category, categoryKeywords: classification.categoryKeywords, priority, priorityReasons: classification.priorityReasons },
    'service request classified',
  );
  await linkRecurrence(request);
  return db().serviceRequest.findUniqueOrThrow({ ...query, where: { id: request.id } });
}

/** Recurrence detection right after the commit; a failure there must not lose the request. */
async function linkRecurrence(request: ServiceRequest): Promise<void> {
  try {
    const recurrence = await detectRecurrenceForRequest({
      srId: request.id,
      title: request.title,
      description: request.description,
      srType: request.type,
      instId: request.instId,
    });
    const patternId = recurrence.pattern?.id ?? null;
    if (patternId !== null) await db().serviceRequest.update({ where: { id: request.id }, data: { patternId } });
  } catch (error) {
    logger.error({ err: error, srId: request.id }, 'recurrence detection failed for a new service request');
  }
}

export interface RequestFilter {
  status?: RequestStatus | null;
  type?: RequestType | null;
}

function requestsWhere(viewer: Viewer, filter: RequestFilter): Prisma.ServiceRequestWhereInput {
  return { ...visibleTo(viewer), ...(filter.status ? { status: filter.status } : {}), ...(filter.type ? { type: filter.type } : {}) };
}

type FindManyQuery = Omit<Prisma.ServiceRequestFindManyArgs, 'where' | 'orderBy'>;

export async function listServiceRequests(viewer: Viewer | null, filter: RequestFilter, query: FindManyQuery = {}): Promise<ServiceRequest[]> {
  const reader = requirePermission(viewer, 'request:read');
  return db().serviceRequest.findMany({ ...query, where: requestsWhere(reader, filter), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countServiceRequests(viewer: Viewer | null, filter: RequestFilter): Promise<number> {
  const reader = requirePermission(viewer, 'request:read');
  return db().serviceRequest.count({ where: requestsWhere(reader, filter) });
}

/** Another requester's request is NOT_FOUND, exactly like a missing one: its existence is not leaked. */
export async function getServiceRequest(
  viewer: Viewer | null,
  rawId: string,
  query: Omit<Prisma.ServiceRequestFindFirstArgs, 'where'> = {},
): Promise<ServiceRequest> {
  const reader = requirePermission(viewer, 'request:read');
  const id = parseRequestId(rawId);
  const request = await db().serviceRequest.findFirst({ ...query, where: { id, ...visibleTo(reader) } });
  if (!request) throw new NotFoundError('ServiceRequest', id);
  return request;
}

const ResolutionSchema = requiredText(10_000);

/** Resolves an open request with its resolution (which the cycle later drafts into a KB article). */
export async function resolveServiceRequest(viewer: Viewer | null, rawId: string, rawResolution: string, query: ReadQuery = {}): Promise<ServiceRequest> {
  const actor = requirePermission(viewer, 'itsm:write');
  const id = parseRequestId(rawId);
  const resolution = parseInput(ResolutionSchema, rawResolution, 'resolution');
  const now = new Date();
  const { count } = await db().serviceRequest.updateMany({
    where: { id, status: { in: ['NEW', 'ASSIGNED', 'IN_PROGRESS'] } },
    data: { status: 'RESOLVED', resolution, resolvedAt: now },
  });
  const request = await db().serviceRequest.findUnique({ ...query, where: { id } });
  if (!request) throw new NotFoundError('ServiceRequest', id);
  if (count === 0) throw new ConflictError(`service request ${id} is ${request.status}, not open`, { status: request.status });
  logger.info({ srId: id, by: actor.username }, 'service request resolved');
  return request;
}
