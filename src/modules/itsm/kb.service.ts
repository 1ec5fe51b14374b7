// Knowledge base: articles are written as DRAFTs (by people, or by the cycle from resolved
// requests) and PUBLISHED ones answer inquiries. Each article keeps its normalised keywords
// (GIN-indexed) so the auto-answer step finds candidates through the index.
import { z } from 'zod';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { publicId } from '../../db/ids.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { KbArticle, Prisma } from '../../generated/prisma/client.js';
import type { KbStatus } from '../../generated/prisma/enums.js';
import { logger } from '../../logger.js';
import { parseInput, parsePublicId, requiredText } from '../../validation.js';
import { articleKeywords } from './kb-match.js';


const CreateArticleSchema = z.object({
  title: requiredText(200),
  body: requiredText(50_000),
  tags: z
    .array(requiredText(40))
    .max(20, 'at most 20 tags')
    .nullish()
    .transform((tags) => [...new Set((tags ?? []).map((tag) => tag.toLowerCase()))]),
});

export type CreateArticleInput = z.input<typeof CreateArticleSchema>;

export function parseArticleId(id: string, field = 'id'): string {
  return parsePublicId('KB', id, 'a KB article', field);
}

/** The GraphQL layer's planned selection, spread into the final read. */
type ReadQuery = Omit<Prisma.KbArticleFindUniqueArgs, 'where'>;

export async function createKbArticle(viewer: Viewer | null, rawInput: unknown, query: ReadQuery = {}): Promise<KbArticle> {
  const actor = requirePermission(viewer, 'itsm:write');
  const input = parseInput(CreateArticleSchema, rawInput ?? {}, 'input');
  return db().kbArticle.create({
    ...query,
    data: {
      id: publicId('KB'),
      title: input.title,
      body: input.body,
      tags: input.tags,
      keywords: articleKeywords(input.title, input.body, input.tags),
      status: 'DRAFT',
      createdBy: actor.username,
    },
  });
}

/** DRAFT → PUBLISHED (conditional update); keywords are recomputed so matching uses the final text. */
export async function publishKbArticle(viewer: Viewer | null, rawId: string, query: ReadQuery = {}): Promise<KbArticle> {
  const actor = requirePermission(viewer, 'itsm:write');
  const id = parseArticleId(rawId);
  const article = await db().kbArticle.findUnique({ where: { id } });
  if (!article) throw new NotFoundError('KbArticle', id);
  const { count } = await db().kbArticle.updateMany({
    where: { id, status: 'DRAFT' },
    data: { status: 'PUBLISHED', publishedAt: new Date(), keywords: articleKeywords(article.title, article.body, article.tags) },
  });
  if (count === 0) throw new ConflictError(`KB article ${id} is already published`, { status: 'PUBLISHED' });
  logger.info({ kbId: id, by: actor.username }, 'KB article published');
  return db().kbArticle.findUniqueOrThrow({ ...query, where: { id } });
}

type FindManyQuery = Omit<Prisma.KbArticleFindManyArgs, 'where' | 'orderBy'>;

function articlesWhere(status: KbStatus | null | undefined): Prisma.KbArticleWhereInput {
  return status ? { status } : {};
}

// KB articles are ops data (DESIGN.md "Identity and roles"): drafts quote other users' requests
// (sourceSrId, body) and every article carries learning data, so reading them takes `ops:read`.
// A REQUESTER sees the answer to their own inquiry on the request itself (resolution).

export async function listKbArticles(viewer: Viewer | null, status: KbStatus | null | undefined, query: FindManyQuery = {}): Promise<KbArticle[]> {
  requirePermission(viewer, 'ops:read');
  return db().kbArticle.findMany({ ...query, where: articlesWhere(status), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countKbArticles(viewer: Viewer | null, status: KbStatus | null | undefined): Promise<number> {
  requirePermission(viewer, 'ops:read');
  return db().kbArticle.count({ where: articlesWhere(status) });
}

export async function getKbArticle(viewer: Viewer | null, rawId: string, query: Omit<Prisma.KbArticleFindFirstArgs, 'where'> = {}): Promise<KbArticle> {
  requirePermission(viewer, 'ops:read');
  const id = parseArticleId(rawId);
  const article = await db().kbArticle.findFirst({ ...query, where: { id } });
  if (!article) throw new NotFoundError('KbArticle', id);
  return article;
}
