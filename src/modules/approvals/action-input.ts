// What a client may submit (or dry-run) as an autonomous action, and the ids and comments of
// decisions: parsed once here into the shapes the services work with. No database.
import { z } from 'zod';
import { BadInputError } from '../../errors.js';
import { MAX_INPUT_DEPTH, parseInput, parsePublicId, requiredText, scanInput } from '../../validation.js';
import { ENVIRONMENTS } from './risk-policy.js';

export const MAX_TARGET_COUNT = 100_000;
const MAX_PAYLOAD_BYTES = 16_384;
const MAX_COMMENT_LENGTH = 2000;

export const ActionInputSchema = z.object({
  actionType: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be letters, digits and underscores, starting with a letter (e.g. DEPLOY)')
    .transform((value) => value.toUpperCase()),
  description: requiredText(2000),
  target: requiredText(500).nullish(),
  environment: z.enum(ENVIRONMENTS).default('DEV'),
  targetCount: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_TARGET_COUNT, `must be at most ${MAX_TARGET_COUNT}`)
    .default(1),
  payload: z
    .record(z.string(), z.unknown(), 'must be a JSON object')
    .nullish()
    .superRefine((value, context) => {
      if (value == null) return;
      // Depth first, iteratively: JSON.stringify (and the database) recurse on deep values.
      if (scanInput(value, 'payload')) {
        context.addIssue({ code: 'custom', message: `must not nest deeper than ${MAX_INPUT_DEPTH} levels` });
      } else if (Buffer.byteLength(JSON.stringify(value)) > MAX_PAYLOAD_BYTES) {
        context.addIssue({ code: 'custom', message: `must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON` });
      }
    }),
});

export type ActionInput = z.input<typeof ActionInputSchema>;
export type ParsedActionInput = z.output<typeof ActionInputSchema>;

export function parseActionInput(input: unknown): ParsedActionInput {
  return parseInput(ActionInputSchema, input ?? {}, 'input');
}

export function parseActionId(id: string, field = 'id'): string {
  return parsePublicId('ACT', id, 'an action', field);
}

/** A decision comment: trimmed, empty means none. */
export function parseComment(comment: string | null | undefined): string | null {
  if (comment == null) return null;
  const value = comment.trim();
  if (value.length > MAX_COMMENT_LENGTH) throw new BadInputError('comment', `must be at most ${MAX_COMMENT_LENGTH} characters`);
  return value === '' ? null : value;
}
