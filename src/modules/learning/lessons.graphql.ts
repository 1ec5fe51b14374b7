// Lessons learned: Lesson, MineResult; lessons, mineLessons, verifyLesson.
import { builder } from '../../graphql/builder.js';
import { EnvironmentEnum } from '../itsm/enums.graphql.js';
import { mineLessons, type MineResult } from './lesson-mining.service.js';
import { countLessons, listLessons, verifyLesson } from './lessons.service.js';

export const LessonType = builder.prismaNode('Lesson', {
  description: 'A lesson learned from a recurring pattern whose applied solution proved effective.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'lessonId', description: 'LL-XXXXXXXX: its public id (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    lessonId: t.exposeString('lessonId', { description: 'LL-XXXXXXXX, the same as `id`.', deprecationReason: 'Use `id` (the same LL-… value since 0.2).' }),
    title: t.exposeString('title', { description: 'Short title.' }),
    category: t.exposeString('category', { description: 'Request category (NETWORK, DATABASE, …, OTHER).' }),
    problemPattern: t.exposeString('problemPattern', { description: 'What keeps happening.' }),
    rootCause: t.exposeString('rootCause', { nullable: true, description: 'The linked problem, or a recorded resolution.' }),
    effectiveSolution: t.exposeString('effectiveSolution', { description: 'The solution that stopped the recurrence, and its evidence.' }),
    prevention: t.exposeString('prevention', { nullable: true, description: 'How to keep it from happening again, if known.' }),
    confidenceScore: t.exposeFloat('confidenceScore', {
      description: 'E × k/(k+1) × (0.5 + 0.5 × min(1, occurrences / (2 × minOccurrences))): E mean effectiveness, k checked applications.',
    }),
    isVerified: t.exposeBoolean('isVerified', { description: 'An engineer confirmed it (verifyLesson).' }),
    verifiedBy: t.exposeString('verifiedBy', { nullable: true, description: 'Who verified it.' }),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true, description: 'When it was verified.' }),
    isFailure: t.exposeBoolean('isFailure', { description: 'A failure of an operation in an environment (raises its risk once verified).' }),
    actionType: t.exposeString('actionType', { nullable: true, description: 'The operation a failure lesson warns about (e.g. DEPLOY).' }),
    environment: t.expose('environment', { type: EnvironmentEnum, nullable: true, description: 'The environment a failure lesson warns about.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was first mined.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'Last mined or verified.' }),
    pattern: t.relation('pattern', { nullable: true, description: 'The recurring pattern it was mined from.' }),
  }),
});

const MineResultType = builder.objectRef<MineResult>('MineResult').implement({
  description: 'Result of a lesson-mining run.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    examined: t.exposeInt('examined', { description: 'Qualifying patterns looked at.' }),
    created: t.exposeInt('created', { description: 'New lessons.' }),
    updated: t.exposeInt('updated', { description: 'Existing lessons refreshed (mining twice never duplicates).' }),
    lessons: t.field({
      type: [LessonType],
      description: 'The lessons created or updated, at most 100 (created + updated is the true count; the lessons query lists all).',
      resolve: (result) => result.lessons,
    }),
  }),
});

builder.queryField('lessons', (t) =>
  t.prismaConnection({
    type: 'Lesson',
    cursor: 'id',
    totalCount: (_parent, args, context) => countLessons(context.runtime, args),
    description: 'Lessons learned, most confident first.',
    authScopes: { permission: 'ops:read' },
    args: {
      verifiedOnly: t.arg.boolean({ required: false, defaultValue: false, description: 'Only verified lessons.' }),
      category: t.arg.string({ required: false, description: 'Only lessons of this category (NETWORK, DATABASE, …).' }),
    },
    resolve: (query, _root, args, context) => listLessons(context.runtime, args, query),
  }),
);

builder.mutationField('mineLessons', (t) =>
  t.field({
    type: MineResultType,
    description:
      'Turns recurring patterns with effective solutions into lessons (ADMIN; updates, never duplicates). Errors: UNAUTHENTICATED, FORBIDDEN (not ADMIN), BAD_USER_INPUT (an argument out of range).',
    authScopes: { permission: 'admin:operate' },
    args: {
      daysBack: t.arg.int({ required: false, defaultValue: 30, description: 'Patterns seen within this many days (default 30).' }),
      minOccurrences: t.arg.int({ required: false, defaultValue: 3, description: 'Patterns seen at least this many times (default 3).' }),
    },
    resolve: (_root, args, context) => mineLessons(context.runtime, args),
  }),
);

builder.mutationField('verifyLesson', (t) =>
  t.prismaField({
    type: 'Lesson',
    description: 'Marks a lesson verified (ENGINEER and above). Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (malformed id), NOT_FOUND.',
    authScopes: { permission: 'learning:write' },
    args: { id: t.arg.id({ required: true, description: 'LL-XXXXXXXX (the row number older clients sent is accepted too).' }) },
    resolve: (query, _root, args, context) => verifyLesson(context.runtime, context.viewer!, args.id, query),
  }),
);
