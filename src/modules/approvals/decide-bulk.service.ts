// Bulk decisions (the seed's bulk endpoint, at most 100 items): each id goes through the same decide
// path as approveAction/rejectAction, one after the other, each in its own transaction — roles,
// four-eyes, delegation, quorum, content binding and expiry hold per item, and one item's failure
// never blocks or undoes another's. Results come back in input order: the action, or the error
// code and message it would have got alone. The static permission (action:decideHigh) is on the
// GraphQL field and the chat command.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError, DomainError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { parseInput } from '../../validation.js';
import { parseComment } from './action-input.js';
import { decideAction, type Decision } from './decide.service.js';

export const MAX_BULK_DECISIONS = 100;

const BulkInputSchema = z.object({
  ids: z.array(z.string().max(64, 'each id must be at most 64 characters')).min(1, 'must name at least one action').max(MAX_BULK_DECISIONS, `must name at most ${MAX_BULK_DECISIONS} actions`),
  decision: z.enum(['APPROVE', 'REJECT']),
  comment: z.string().nullish(),
  onBehalfOf: z.string().max(200).nullish(),
});

export interface BulkItemResult {
  id: string;
  action: AutoAction | null;
  error: { code: string; message: string } | null;
}

/** The input, or BAD_USER_INPUT for the whole call: no ids, more than 100, or an id named twice. */
export function parseBulkInput(rawInput: unknown) {
  const input = parseInput(BulkInputSchema, rawInput ?? {}, 'input');
  const seen = new Map<string, number>();
  input.ids.forEach((raw, i) => {
    const key = raw.trim().toUpperCase();
    const first = seen.get(key);
    if (first !== undefined) throw new BadInputError(`input.ids[${i}]`, `${key} is already input.ids[${first}]: name each action once`);
    seen.set(key, i);
  });
  return { ...input, comment: parseComment(input.comment) };
}

export async function decideActions(
  rt: Runtime,
  actor: Viewer,
  rawInput: unknown,
  query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'> = {},
): Promise<BulkItemResult[]> {
  const input = parseBulkInput(rawInput);
  const results: BulkItemResult[] = [];
  for (const id of input.ids) {
    results.push(await decideOne(rt, actor, id, input.decision, input.comment, query, input.onBehalfOf));
  }
  const failed = results.filter((result) => result.error).length;
  rt.logger.info({ by: actor.username, decision: input.decision, items: results.length, failed }, 'bulk decision');
  return results;
}

async function decideOne(
  rt: Runtime,
  actor: Viewer,
  id: string,
  decision: Decision,
  comment: string | null,
  query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'>,
  onBehalfOf: string | null | undefined,
): Promise<BulkItemResult> {
  try {
    const action = await decideAction(rt, actor, id, decision, comment, query, { onBehalfOf });
    return { id, action, error: null };
  } catch (error) {
    if (error instanceof DomainError) return { id, action: null, error: { code: error.code, message: error.message } };
    // Unexpected (e.g. the database went away mid-way): logged once with an id, reported on this item only.
    const errorId = randomUUID();
    rt.logger.error({ err: error, errorId, actionId: id }, 'bulk decision item failed unexpectedly');
    return { id, action: null, error: { code: 'INTERNAL_SERVER_ERROR', message: `unexpected error (errorId ${errorId}); the other items are unaffected` } };
  }
}
