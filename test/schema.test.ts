// The schema as its users see it: every entry point is covered by the permission matrix, every
// type and field is described, and the committed schema.graphql is the printed schema.
import { readFileSync } from 'node:fs';
import { isObjectType, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../src/auth/permissions.js';
import { buildSchema, printSortedSchema } from '../src/schema.js';

const schema = buildSchema();
const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
  (type): type is GraphQLObjectType => !!type,
);

interface PothosExtensions {
  pothosOptions?: { authScopes?: { permission?: string; authenticated?: boolean } };
}

describe('authorization coverage', () => {
  it('every query, mutation and subscription field names a permission or requires a token', () => {
    const uncovered: string[] = [];
    const unknown: string[] = [];
    for (const root of roots) {
      for (const field of Object.values(root.getFields())) {
        const scopes = (field.extensions as PothosExtensions).pothosOptions?.authScopes;
        if (!scopes || (!scopes.permission && scopes.authenticated !== true)) uncovered.push(`${root.name}.${field.name}`);
        if (scopes?.permission && !(scopes.permission in PERMISSIONS)) unknown.push(`${root.name}.${field.name}: ${scopes.permission}`);
      }
    }
    expect(uncovered).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it('has entry points of every kind', () => {
    expect(roots.map((root) => root.name)).toEqual(['Query', 'Mutation', 'Subscription']);
  });
});

describe('readability', () => {
  it('describes every object type and every root field', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      if (/(Connection|Edge)$/.test(type.name) || type.name === 'PageInfo') continue;
      if (!type.description) missing.push(type.name);
    }
    for (const root of roots) {
      for (const field of Object.values(root.getFields())) if (!field.description) missing.push(`${root.name}.${field.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('schema.graphql is the printed, sorted schema (run `npm run schema:print`)', () => {
    expect(readFileSync('schema.graphql', 'utf8')).toBe(printSortedSchema());
  });
});
