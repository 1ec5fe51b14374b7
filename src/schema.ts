// Assembles the schema from every feature module (part of the server's assembly). Import-only,
// plus the printed-SDL helper.
import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './graphql/builder.js';
import './graphql/scalars.js';
import './graphql/root.js';
import './modules/identity/index.js';
import './modules/approvals/index.js';
import './modules/itsm/index.js';
import './modules/learning/index.js';
import './modules/changes/index.js';
import './modules/cycle/index.js';

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= describeTotalCounts(builder.toSchema({ sortSchema: true }));
  return schema;
}

/** plugin-prisma adds `totalCount` to connections without a description option: describe it here. */
function describeTotalCounts(built: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(built.getTypeMap())) {
    if (!isObjectType(type) || !type.name.endsWith('Connection')) continue;
    const totalCount = type.getFields().totalCount;
    if (totalCount && !totalCount.description) totalCount.description = 'How many items match, over all pages.';
  }
  return built;
}

/** The committed `schema.graphql`: printed and sorted. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
