// Problem: the cause behind recurring requests, opened when a recurrence pattern escalates.
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';
import { PatternType } from './patterns.graphql.js';
import { countProblems, listProblems } from './problems.service.js';

/** Most patterns listed on one problem (a page's limit). */
const MAX_LISTED = 100;

export const ProblemStatusEnum = builder.enumType('ProblemStatus', {
  values: describedValues({ OPEN: 'The cause is being worked on; escalating patterns attach here.', RESOLVED: 'The cause is fixed.', CLOSED: 'Closed for good.' }),
  description: 'OPEN until the cause is resolved; an escalating pattern reuses an OPEN problem.',
});

builder.prismaNode('Problem', {
  description: 'A problem (PRB-…): the cause behind recurring requests, opened when a pattern escalates.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'PRB-XXXXXXXX (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Short title, from the pattern.' }),
    description: t.exposeString('description', { nullable: true, description: 'Why it was opened: occurrences, signature, requests.' }),
    status: t.expose('status', { type: ProblemStatusEnum, description: 'OPEN until the cause is resolved.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was opened.' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'When it was resolved.' }),
    pattern: t.field({
      type: PatternType,
      nullable: true,
      description: 'The pattern that escalated into this problem (the first one linked).',
      // Loaded with the problem (its first linked pattern and what the query selects of it): no query per problem.
      select: (_args, _context, nestedSelection) => ({ patterns: nestedSelection({ orderBy: { id: 'asc' }, take: 1 }) }),
      resolve: (problem) => problem.patterns[0] ?? null,
    }),
    patterns: t.relation('patterns', {
      description: 'Patterns linked to this problem (similar patterns share one problem), most occurrences first: the first `first` (default 20, at most 100); patternCount is how many there are.',
      args: { first: t.arg.int({ required: false, defaultValue: 20, description: 'How many (default 20, at most 100).' }) },
      query: (args) => ({ orderBy: [{ occurrenceCount: 'desc' }, { id: 'asc' }], take: Math.min(Math.max(args.first ?? 20, 0), MAX_LISTED) }),
    }),
    patternCount: t.relationCount('patterns', { description: 'How many patterns are linked to this problem.' }),
  }),
});

builder.queryField('problems', (t) =>
  t.prismaConnection({
    type: 'Problem',
    cursor: 'id',
    totalCount: (_parent, args, context) => countProblems(context.runtime, args),
    description: 'Problems, newest first; filter by status.',
    authScopes: { permission: 'ops:read' },
    args: { status: t.arg({ type: ProblemStatusEnum, required: false, description: 'Only problems of this status.' }) },
    resolve: (query, _root, args, context) => listProblems(context.runtime, args, query),
  }),
);
