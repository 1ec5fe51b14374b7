// KbArticle: type, queries kbArticles / kbArticle, mutations createKbArticle / publishKbArticle.
// Resolvers only call the service (a root field's authScopes guarantee its viewer).
import { builder } from '../../graphql/builder.js';
import { requestLoader, ServiceRequestType } from './service-requests.graphql.js';
import { KbStatusEnum } from './enums.graphql.js';
import { countKbArticles, createKbArticle, getKbArticle, listKbArticles, publishKbArticle } from './kb.service.js';

export const KbArticleType = builder.prismaNode('KbArticle', {
  description: 'A knowledge-base article (KB-…). Published ones answer inquiries automatically. Ops roles and VIEWERs only.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'KB-XXXXXXXX (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Short title.' }),
    body: t.exposeString('body', { description: 'The solution text (quoted in answered inquiries).' }),
    tags: t.exposeStringList('tags', { description: 'Free tags given by its author.' }),
    keywords: t.exposeStringList('keywords', { description: 'Normalised keywords (Korean and English meet here) used to match inquiries.' }),
    status: t.expose('status', { type: KbStatusEnum, description: 'DRAFT or PUBLISHED.' }),
    sourceSrId: t.exposeString('sourceSrId', { nullable: true, description: 'Id of the resolved request this draft was written from.' }),
    sourceRequest: t.field({
      type: ServiceRequestType,
      nullable: true,
      description: 'The resolved request this draft was written from.',
      resolve: (article, _args, context) => (article.sourceSrId ? requestLoader(context).load(article.sourceSrId) : null),
    }),
    answeredRequests: t.relation('answeredRequests', {
      description: 'The inquiries the cycle answered with this article, most recently answered first (at most 20).',
      query: { orderBy: [{ answeredAt: 'desc' }, { id: 'desc' }], take: 20 },
    }),
    effectivenessScore: t.exposeFloat('effectivenessScore', {
      nullable: true,
      description: 'Measured by recurrence after it was applied (learning loop); low scores stop automatic answers.',
    }),
    appliedCount: t.exposeInt('appliedCount', { description: 'Checked applications of it (solution feedback with a score).' }),
    failedCount: t.exposeInt('failedCount', { description: 'Checked applications after which the issue came back.' }),
    createdBy: t.exposeString('createdBy', { nullable: true, description: 'Username of its author, or system:auto-cycle for a draft from a resolved request.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was written.' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true, description: 'When it was published, if it was.' }),
  }),
});

const CreateKbArticleInput = builder.inputType('CreateKbArticleInput', {
  description: 'A new article (created as a DRAFT).',
  fields: (t) => ({
    title: t.string({ required: true, description: 'Short title (1 to 200 characters).' }),
    body: t.string({ required: true, description: 'The solution text (1 to 20000 characters).' }),
    tags: t.stringList({ required: false, description: 'Free tags (optional).' }),
  }),
});

builder.queryField('kbArticles', (t) =>
  t.prismaConnection({
    type: 'KbArticle',
    cursor: 'id',
    description: 'Articles, newest first (ops roles and VIEWERs; REQUESTERs are FORBIDDEN).',
    authScopes: { permission: 'ops:read' },
    args: { status: t.arg({ type: KbStatusEnum, required: false, description: 'Only articles of this status.' }) },
    totalCount: (_connection, args, context) => countKbArticles(context.runtime, args.status),
    resolve: (query, _root, args, context) => listKbArticles(context.runtime, args.status, query),
  }),
);

builder.queryField('kbArticle', (t) =>
  t.prismaField({
    type: 'KbArticle',
    description: 'One article (ops roles and VIEWERs; REQUESTERs are FORBIDDEN). NOT_FOUND when unknown.',
    authScopes: { permission: 'ops:read' },
    args: { id: t.arg.id({ required: true, description: 'KB-XXXXXXXX' }) },
    resolve: (query, _root, args, context) => getKbArticle(context.runtime, String(args.id), query),
  }),
);

builder.mutationField('createKbArticle', (t) =>
  t.prismaField({
    type: 'KbArticle',
    description: 'Writes a DRAFT article. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (a field out of range, named).',
    authScopes: { permission: 'itsm:write' },
    args: { input: t.arg({ type: CreateKbArticleInput, required: true, description: 'The article.' }) },
    resolve: (query, _root, args, context) => createKbArticle(context.runtime, context.viewer!, args.input, query),
  }),
);

builder.mutationField('publishKbArticle', (t) =>
  t.prismaField({
    type: 'KbArticle',
    description:
      'DRAFT → PUBLISHED: from now on it can answer inquiries. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (malformed id), NOT_FOUND, CONFLICT (already published).',
    authScopes: { permission: 'itsm:write' },
    args: { id: t.arg.id({ required: true, description: 'KB-XXXXXXXX' }) },
    resolve: (query, _root, args, context) => publishKbArticle(context.runtime, context.viewer!, String(args.id), query),
  }),
);
