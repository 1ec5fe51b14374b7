// Knowledge base: articles are written as DRAFTs (by people, or by the cycle from resolved
// requests) and PUBLISHED ones answer inquiries. Each article keeps its normalised keywords
// (GIN-indexed) so the auto-answer step finds candidates through the index.
// KB articles are ops data (DESIGN.md "Identity and roles"): drafts quote other users' requests
// (sourceSrId, body) and every article carries learning data, so reading them takes `ops:read`
// (declared on the GraphQL fields). A REQUESTER sees the answer to their own inquiry on the
// request itself (resolution).
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { publicId } from '../../db/ids.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { Prisma, type KbArticle } from '../../generated/prisma/client.js';
import type { Category, KbStatus, RequestType } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, parsePublicId, requiredText } from '../../validation.js';
import { articleKeywords, type MatchTerm } from './kb-match.js';

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
type FindManyQuery = Omit<Prisma.KbArticleFindManyArgs, 'where' | 'orderBy'>;

export async function createKbArticle(rt: Runtime, viewer: Viewer, rawInput: unknown, query: ReadQuery = {}): Promise<KbArticle> {
  const input = parseInput(CreateArticleSchema, rawInput ?? {}, 'input');
  return rt.db.kbArticle.create({
    ...query,
    data: {
      id: publicId('KB'),
      title: input.title,
      body: input.body,
      tags: input.tags,
      keywords: articleKeywords(input.title, input.body, input.tags),
      status: 'DRAFT',
      createdBy: viewer.username,
    },
  });
}

/** DRAFT → PUBLISHED (conditional update); keywords are recomputed so matching uses the final text. */
export async function publishKbArticle(rt: Runtime, viewer: Viewer, rawId: string, query: ReadQuery = {}): Promise<KbArticle> {
  const id = parseArticleId(rawId);
  const article = await rt.db.kbArticle.findUnique({ where: { id } });
  if (!article) throw new NotFoundError('KbArticle', id);
  const { count } = await rt.db.kbArticle.updateMany({
    where: { id, status: 'DRAFT' },
    data: { status: 'PUBLISHED', publishedAt: rt.clock.now(), keywords: articleKeywords(article.title, article.body, article.tags) },
  });
  if (count === 0) throw new ConflictError(`KB article ${id} is already published`, { status: 'PUBLISHED' });
  rt.logger.info({ kbId: id, by: viewer.username }, 'KB article published');
  return rt.db.kbArticle.findUniqueOrThrow({ ...query, where: { id } });
}

function articlesWhere(status: KbStatus | null | undefined): Prisma.KbArticleWhereInput {
  return status ? { status } : {};
}

export async function listKbArticles(rt: Runtime, status: KbStatus | null | undefined, query: FindManyQuery = {}): Promise<KbArticle[]> {
  return rt.db.kbArticle.findMany({ ...query, where: articlesWhere(status), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countKbArticles(rt: Runtime, status: KbStatus | null | undefined): Promise<number> {
  return rt.db.kbArticle.count({ where: articlesWhere(status) });
}

export async function getKbArticle(rt: Runtime, rawId: string, query: Omit<Prisma.KbArticleFindFirstArgs, 'where'> = {}): Promise<KbArticle> {
  const id = parseArticleId(rawId);
  const article = await rt.db.kbArticle.findFirst({ ...query, where: { id } });
  if (!article) throw new NotFoundError('KbArticle', id);
  return article;
}

// ─── for other modules (learning's effectiveness loop) ───

export async function articleExists(rt: Runtime, kbId: string): Promise<boolean> {
  return (await rt.db.kbArticle.count({ where: { id: kbId } })) > 0;
}

/** Writes what the learning loop measured about an article, inside its transaction. */
export async function recordArticleEffectiveness(tx: Prisma.TransactionClient, kbId: string, data: Prisma.KbArticleUpdateManyMutationInput): Promise<void> {
  await tx.kbArticle.updateMany({ where: { id: kbId }, data });
}

// ─── for the auto cycle: candidates for automatic answers, drafts from resolved requests ───

/**
 * An article that was applied at least MIN_APPLIED_FOR_VERDICT times and whose measured
 * effectiveness (recurrence after it was applied, from the learning loop) stayed under
 * LOW_EFFECTIVENESS keeps failing people: it is no longer sent automatically (a human still can).
 * Fewer applications than that are too little evidence to judge an article either way.
 */
export const MIN_APPLIED_FOR_VERDICT = 3;
export const LOW_EFFECTIVENESS = 0.4;

/** Written out so a NULL score (not measured yet) counts as "not proven bad". */
const NOT_PROVEN_INEFFECTIVE = Prisma.sql`("appliedCount" < ${MIN_APPLIED_FOR_VERDICT} OR "effectivenessScore" IS NULL OR "effectivenessScore" >= ${LOW_EFFECTIVENESS})`;

/** Candidate articles compared per inquiry (the best ranked of those sharing a keyword). */
const CANDIDATE_LIMIT = 50;

export type AnswerCandidate = { id: string; title: string; keywords: string[] };

/**
 * For each inquiry's terms, in one statement: published, not proven ineffective articles sharing
 * at least one keyword (GIN index, `&&`), best first: by the summed weight of the inquiry's
 * keywords they cover (the numerator of the match confidence, whose denominator is the same for
 * every article), then fewer keywords (bestMatch's tie rule). So the limit never drops an article
 * that would score higher than one it keeps. Bodies are read apart, for the articles chosen.
 */
export async function answerCandidatesForEach(rt: Runtime, termsOfEach: MatchTerm[][]): Promise<AnswerCandidate[][]> {
  const asked = termsOfEach.flatMap((terms, index) =>
    terms.length ? [Prisma.sql`(${index}::int, ${terms.map((t) => t.keyword)}::text[], ${terms.map((t) => t.weight)}::float8[])`] : [],
  );
  const candidates = termsOfEach.map((): AnswerCandidate[] => []);
  if (asked.length === 0) return candidates;
  const rows = await rt.db.$queryRaw<Array<AnswerCandidate & { inquiry: number }>>`
    SELECT q.inquiry, a.id, a.title, a.keywords
    FROM (VALUES ${Prisma.join(asked, ', ')}) AS q(inquiry, keywords, weights)
    CROSS JOIN LATERAL (
      SELECT k.id, k.title, k.keywords,
        (SELECT coalesce(sum(t.weight), 0) FROM unnest(q.keywords, q.weights) AS t(keyword, weight) WHERE t.keyword = ANY(k.keywords)) AS covered
      FROM "KbArticle" AS k
      WHERE k.status = 'PUBLISHED'::"KbStatus" AND k.keywords && q.keywords AND ${NOT_PROVEN_INEFFECTIVE}
      ORDER BY covered DESC, cardinality(k.keywords) ASC, k.id ASC
      LIMIT ${CANDIDATE_LIMIT}) AS a
    ORDER BY q.inquiry, a.covered DESC, cardinality(a.keywords) ASC, a.id ASC`;
  for (const { inquiry, ...candidate } of rows) candidates[inquiry]!.push(candidate);
  return candidates;
}

/** The bodies of the given articles, by id. */
export async function articleBodies(rt: Runtime, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await rt.db.kbArticle.findMany({ where: { id: { in: ids } }, select: { id: true, body: true } });
  return new Map(rows.map((row) => [row.id, row.body]));
}

export interface DraftSource {
  id: string;
  title: string;
  description: string;
  type: RequestType;
  category: Category | null;
  resolution: string;
}

/** A bilingual draft: what the requester saw, and what fixed it. */
export function draftFrom(request: DraftSource) {
  const body = [
    '## 증상 (Symptom)',
    request.description,
    '',
    '## 해결 방법 (Resolution)',
    request.resolution,
    '',
    `_${request.id}에서 자동 작성된 초안입니다. 검토 후 게시하세요. (Drafted automatically from ${request.id}: review before publishing.)_`,
  ].join('\n');
  const tags = [request.category?.toLowerCase() ?? 'other', request.type.toLowerCase(), 'auto-draft'];
  return { title: request.title, body, tags, keywords: articleKeywords(request.title, `${request.description}\n${request.resolution}`, tags) };
}

export type Draft = ReturnType<typeof draftFrom>;

/**
 * Writes the DRAFT article of a resolved request inside the caller's transaction: its id, or null
 * when the request has one already (KbArticle.sourceSrId is unique; the insert skips it).
 */
export async function createDraftArticle(tx: Prisma.TransactionClient, sourceSrId: string, draft: Draft, createdBy: string): Promise<string | null> {
  const id = publicId('KB');
  const created = await tx.kbArticle.createMany({
    data: [{ id, ...draft, status: 'DRAFT', sourceSrId, createdBy }],
    skipDuplicates: true,
  });
  return created.count === 0 ? null : id;
}
