// KbArticle: type, queries kbArticles / kbArticle, mutations createKbArticle / publishKbArticle.
// Resolvers only call the service (a root field's authScopes guarantee its viewer).
import { builder } from '../../graphql/builder.js';
import { KbStatusEnum } from './enums.graphql.js';
import { countKbArticles, createKbArticle, getKbArticle, listKbArticles, publishKbArticle } from './kb.service.js';

export const KbArticleType = builder.prismaObject('KbArticle', {
  description: 'A knowledge-base article (KB-…). Published ones answer inquiries automatically. Ops roles and VIEWERs only.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'KB-XXXXXXXX' }),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    tags: t.exposeStringList('tags'),
    keywords: t.exposeStringList('keywords', { description: 'Normalised keywords (Korean and English meet here) used to match inquiries.' }),
    status: t.expose('status', { type: KbStatusEnum }),
    sourceSrId: t.exposeString('sourceSrId', { nullable: true, description: 'The resolved request this draft was written from.' }),
    effectivenessScore: t.exposeFloat('effectivenessScore', {
      nullable: true,
      description: 'Measured by recurrence after it was applied (learning loop); low scores stop automatic answers.',
    }),
    appliedCount: t.exposeInt('appliedCount'),
    failedCount: t.exposeInt('failedCount'),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreateKbArticleInput = builder.inputType('CreateKbArticleInput', {
  description: 'A new article (created as a DRAFT).',
  fields: (t) => ({
    title: t.string({ required: true }),
    body: t.string({ required: true }),
    tags: t.stringList({ required: false }),
  }),
});

builder.queryField('kbArticles', (t) =>
  t.prismaConnection({
    type: 'KbArticle',
    cursor: 'id',
    description: 'Articles, newest first (ops roles and VIEWERs; REQUESTERs are FORBIDDEN).',
    authScopes: { permission: 'ops:read' },
    args: { status: t.arg({ type: KbStatusEnum, required: false }) },
    totalCount: (_connection, args, context) => countKbArticles(context.runtime, args.status),
    resolve: (query, _root, args, context) => listKbArticles(context.runtime, args.status, query),
  }),
);

builder.queryField('kbArticle', (t) =>
  t.prismaField({
    type: 'KbArticle',
    description: 'One article (ops roles and VIEWERs; REQUESTERs are FORBIDDEN).',
    authScopes: { permission: 'ops:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) => getKbArticle(context.runtime, String(args.id), query),
  }),
);

builder.mutationField('createKbArticle', (t) =>
  t.prismaField({
    type: 'KbArticle',
    description: 'Writes a DRAFT article.',
    authScopes: { permission: 'itsm:write' },
    args: { input: t.arg({ type: CreateKbArticleInput, required: true }) },
    resolve: (query, _root, args, context) => createKbArticle(context.runtime, context.viewer!, args.input, query),
  }),
);

builder.mutationField('publishKbArticle', (t) =>
  t.prismaField({
    type: 'KbArticle',
    description: 'DRAFT → PUBLISHED: from now on it can answer inquiries. Publishing twice is a CONFLICT.',
    authScopes: { permission: 'itsm:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) => publishKbArticle(context.runtime, context.viewer!, String(args.id), query),
  }),
);
