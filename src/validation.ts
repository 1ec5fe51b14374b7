// Input parsing for services: a zod failure becomes a BAD_USER_INPUT naming the field.
import { z } from 'zod';
import { publicIdPattern, type IdPrefix } from './db/ids.js';
import { BadInputError } from './errors.js';

/** Trimmed, non-empty text of at most `max` characters, with messages that read after the field name. */
export function requiredText(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].join('.');
  throw new BadInputError(field, issue.message);
}

const patterns = new Map<IdPrefix, RegExp>();

/** A public id from a client (trimmed, any case): the normalised id, or BAD_USER_INPUT naming the field. */
export function parsePublicId(prefix: IdPrefix, raw: string, noun: string, field = 'id'): string {
  const id = raw.trim().toUpperCase();
  let pattern = patterns.get(prefix);
  if (!pattern) patterns.set(prefix, (pattern = publicIdPattern(prefix)));
  if (!pattern.test(id)) throw new BadInputError(field, `"${raw.slice(0, 40)}" is not ${noun} id (${prefix}- and 8 characters)`);
  return id;
}
