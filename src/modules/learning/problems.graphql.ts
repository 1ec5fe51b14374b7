// Problem: the cause behind recurring requests, opened when a recurrence pattern escalates.
import { ProblemStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { PatternType } from './patterns.graphql.js';
import { countProblems, listProblems } from './problems.service.js';

/** Most patterns listed on one problem (a page's limit). */
const MAX_LISTED = 100;

export const ProblemStatusEnum = builder.enumType(ProblemStatus, {
  name: 'ProblemStatus',
  description: 'OPEN until the cause is resolved; an escalating pattern reuses an OPEN problem.',
});

builder.prismaObject('Problem', {
  description: 'A problem (PRB-…): the cause behind recurring requests, opened when a pattern escalates.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'PRB-XXXXXXXX' }),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true, description: 'Why it was opened: occurrences, signature, requests.' }),
    status: t.expose('status', { type: ProblemStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
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
      args: { first: t.arg.int({ required: false, defaultValue: 20 }) },
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
    args: { status: t.arg({ type: ProblemStatusEnum, required: false }) },
    resolve: (query, _root, args, context) => listProblems(context.runtime, args, query),
  }),
);
