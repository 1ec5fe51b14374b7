// Per-operation batch loaders for relations that are not Prisma relations (a username, an external
// request id): every key asked for in one tick of execution is read in one statement, so a page
// of rows with their related objects costs one statement per relation, not one per row.
import DataLoader from 'dataloader';
import type { Context } from './context.js';

const byContext = new WeakMap<Context, Map<string, DataLoader<string, unknown>>>();

/**
 * The loader `name` of this operation (created on first use). `load` reads the rows of a batch
 * of keys; `keyOf` says which key a row answers. Keys with no row load as null.
 */
export function contextLoader<Row>(
  context: Context,
  name: string,
  load: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row | null> {
  let loaders = byContext.get(context);
  if (!loaders) byContext.set(context, (loaders = new Map()));
  let loader = loaders.get(name) as DataLoader<string, Row | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, Row | null>(async (keys) => {
      const rows = new Map((await load(keys)).map((row) => [keyOf(row), row]));
      return keys.map((key) => rows.get(key) ?? null);
    });
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
