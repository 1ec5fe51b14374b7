// Assembles the schema from every module. Import-only, plus the printed-SDL helper.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './root.js';
import '../modules/identity/index.js';
import '../modules/approvals/index.js';
import '../modules/itsm/index.js';
import '../modules/learning/index.js';
import '../modules/cycle/index.js';

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}

/** The committed `schema.graphql`: printed and sorted. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
