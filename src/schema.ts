// Assembles the schema from every feature module (part of the server's assembly). Import-only,
// plus the printed-SDL helper.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './graphql/builder.js';
import './graphql/scalars.js';
import './graphql/root.js';
import './modules/identity/index.js';
import './modules/approvals/index.js';
import './modules/itsm/index.js';
import './modules/learning/index.js';
import './modules/cycle/index.js';

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}

/** The committed `schema.graphql`: printed and sorted. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
