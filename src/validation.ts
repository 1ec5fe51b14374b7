// Input parsing for services: a zod failure becomes a BAD_USER_INPUT naming the field.
import type { z } from 'zod';
import { BadInputError } from './errors.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].join('.');
  throw new BadInputError(field, issue.message);
}
