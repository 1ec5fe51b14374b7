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

/**
 * How deep client JSON may nest (variables, JSON scalar values, action payloads): objects and
 * arrays inside each other, the outermost counting as 1. Deeper input is BAD_USER_INPUT naming
 * the field, and every walk over input is iterative, so no input can overflow the stack.
 */
export const MAX_INPUT_DEPTH = 64;

export interface InputProblem {
  /** Where: the root's name then `.key` / `[index]`, e.g. "$input.payload.a[0]". */
  path: string;
  kind: 'depth' | 'text';
}

/**
 * Walks a JSON-like value without recursion: the first string (value or key) `badText` flags, or
 * the first container nested deeper than `maxDepth`. Undefined when neither is found.
 */
export function scanInput(value: unknown, root: string, options: { maxDepth?: number; badText?: (text: string) => boolean } = {}): InputProblem | undefined {
  const maxDepth = options.maxDepth ?? MAX_INPUT_DEPTH;
  const badText = options.badText;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: item, path, depth } = stack.pop()!;
    if (typeof item === 'string') {
      if (badText?.(item)) return { path, kind: 'text' };
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    if (depth + 1 > maxDepth) return { path, kind: 'depth' };
    const isArray = Array.isArray(item);
    const entries: Array<[string, unknown]> = isArray ? item.map((child, i) => [`${path}[${i}]`, child]) : [];
    if (!isArray) {
      for (const [key, child] of Object.entries(item)) {
        if (badText?.(key)) return { path: `${path}.${JSON.stringify(key)}`, kind: 'text' };
        entries.push([`${path}.${key}`, child]);
      }
    }
    // Pushed in reverse so the first child is looked at first (the path reported is the first one).
    for (let i = entries.length - 1; i >= 0; i -= 1) stack.push({ path: entries[i]![0], value: entries[i]![1], depth: depth + 1 });
  }
  return undefined;
}
