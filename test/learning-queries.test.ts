// What reading the learning loop costs: every list, with the related objects a client asks for on
// each row, reads a page of 50 in the same number of SQL statements as a page of 2 (no N+1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { codeOf } from './helpers/learning.js';
import { costOf } from './helpers/sql-cost.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const LearningSqlProblems = graphql(`
  query LearningSqlProblems($first: Int) {
    problems(first: $first) { edges { node { id pattern { id } } } }
  }
`);

const LearningSqlProblemPatterns = graphql(`
  query LearningSqlProblemPatterns($first: Int) {
    problems(first: $first) { edges { node { id pattern { id problem { id } } patterns { id } } } }
  }
`);

const LearningSqlPatterns = graphql(`
  query LearningSqlPatterns($first: Int) {
    patterns(first: $first) { edges { node { id problem { id pattern { id } } } } }
  }
`);

const LearningSqlLessons = graphql(`
  query LearningSqlLessons($first: Int) {
    lessons(first: $first) { edges { node { id pattern { id problem { id } } } } }
  }
`);

const LearningSqlFeedbacks = graphql(`
  query LearningSqlFeedbacks($first: Int) {
    feedbacks(first: $first) { edges { node { id pattern { id } } } }
  }
`);

const LearningSqlAnomalies = graphql(`
  query LearningSqlAnomalies($first: Int) {
    anomalies(first: $first) { edges { node { id incident { id anomaly { id } } } } }
  }
`);

const LearningSqlThresholds = graphql(`
  query LearningSqlThresholds($first: Int) {
    thresholds(first: $first) { edges { node { id adjustments { id threshold { id } } } } }
  }
`);

const LearningBoundProblem = graphql(`
  query LearningBoundProblem($first: Int) {
    problems(first: 1) { edges { node { id patternCount patterns(first: $first) { id } defaultPage: patterns { id } } } }
  }
`);

const LearningBoundMine = graphql(`
  mutation LearningBoundMine {
    mineLessons(daysBack: 30, minOccurrences: 3) { examined created updated lessons { id } }
  }
`);

const LearningBoundCalibrateAll = graphql(`
  mutation LearningBoundCalibrateAll {
    calibrateAllThresholds { examined calibrated results { adjusted } }
  }
`);

const ROWS = 60;

let server: TestServer;
let viewer: UserClient;
/** Problem id → the id of its first linked pattern (what Problem.pattern must answer). */
const firstPatternOf = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  viewer = await server.as('vic', 'VIEWER');
  // Arrange in bulk (the API would take thousands of calls): each problem has two patterns, each
  // pattern a lesson and a feedback; each threshold two adjustments; each anomaly an incident.
  const suffix = (i: number) => String(i).padStart(8, '0');
  const start = Date.now() - ROWS * 60_000;
  await server.db.problem.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({ id: `PRB-${suffix(i)}`, title: `Problem ${i}`, createdAt: new Date(start + i * 60_000) })),
  });
  for (const round of [0, 1]) {
    const patterns = await server.db.pattern.createManyAndReturn({
      data: Array.from({ length: ROWS }, (_, i) => ({
        patternKey: `INCIDENT:1:${round}-${i}`,
        srType: 'INCIDENT' as const,
        instId: 1,
        keywordSignature: `kw${i} round${round}`,
        keywords: [`kw${i}`, `round${round}`],
        techKeywords: [],
        occurrenceCount: 3,
        srIds: [`SR-${round}${suffix(i).slice(1)}`],
        problemId: `PRB-${suffix(i)}`,
        escalated: true,
      })),
      select: { id: true, problemId: true },
    });
    for (const pattern of patterns) if (round === 0) firstPatternOf.set(pattern.problemId!, `PAT-${pattern.id}`); // 0.2: pattern ids are Node ids
    await server.db.lesson.createMany({
      data: patterns.map((pattern, i) => ({
        lessonId: `LL-${round}${suffix(i).slice(1)}`,
        patternId: pattern.id,
        title: `Lesson ${round}/${i}`,
        category: 'OTHER',
        problemPattern: 'recurs',
        effectiveSolution: 'restart',
        confidenceScore: 0.5,
      })),
    });
    await server.db.feedback.createMany({
      data: patterns.map((pattern, i) => ({ srId: `SR-F${round}${suffix(i).slice(2)}`, kbDocId: 'DOC-1', patternId: pattern.id, dueAt: new Date() })),
    });
  }
  const thresholds = await server.db.threshold.createManyAndReturn({
    data: Array.from({ length: ROWS }, (_, i) => ({ source: `host${i}`, metricType: 'cpu', baseThreshold: 80, adaptedThreshold: 88 })),
    select: { id: true },
  });
  await server.db.thresholdAdjustment.createMany({
    data: thresholds.flatMap(({ id }) => [80, 88].map((newThreshold) => ({ thresholdId: id, previousThreshold: 80, newThreshold, reason: 'test', actor: 'vic', truePositive: 0, falsePositive: 5, missedCount: 0 }))),
  });
  await server.db.anomaly.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({ id: `ANM-${suffix(i)}`, source: `host${i}`, metricType: 'cpu', value: 200, threshold: 88, severity: 'CRITICAL' as const })),
  });
  await server.db.incident.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({ id: `INC-${suffix(i)}`, title: `Incident ${i}`, severity: 'CRITICAL' as const, anomalyId: `ANM-${suffix(i)}` })),
  });
});
afterAll(() => server?.stop());

/** Same number of statements for both pages (the larger page's SQL shown when not). */
function expectSameCost(small: { statements: string[] }, large: { statements: string[] }): void {
  expect(large.statements.length, large.statements.join('\n')).toBe(small.statements.length);
}

describe('reading a page of 50 costs what a page of 2 costs', () => {
  it('problems with their first pattern', async () => {
    const small = await costOf(() => viewer.data(LearningSqlProblems, { first: 2 }));
    const large = await costOf(() => viewer.data(LearningSqlProblems, { first: 50 }));
    expect(large.data.problems.edges).toHaveLength(50);
    // Problem.pattern is the first pattern linked, not just any of them.
    for (const { node } of large.data.problems.edges) expect(node.pattern?.id).toBe(firstPatternOf.get(node.id));
    expectSameCost(small, large);
    // One for the page of problems, one for the patterns of all of them.
    expect(large.statements.length).toBe(2);
  });

  it('problems with their first pattern and all their patterns', async () => {
    const small = await costOf(() => viewer.data(LearningSqlProblemPatterns, { first: 2 }));
    const large = await costOf(() => viewer.data(LearningSqlProblemPatterns, { first: 50 }));
    for (const { node } of large.data.problems.edges) {
      expect(node.pattern).toEqual({ id: firstPatternOf.get(node.id), problem: { id: node.id } });
      expect(node.patterns.map((p) => p.id)).toContain(firstPatternOf.get(node.id));
      expect(node.patterns).toHaveLength(2);
    }
    expectSameCost(small, large);
  });

  it.each([
    ['patterns with their problem', LearningSqlPatterns, (data: unknown) => (data as { patterns: { edges: unknown[] } }).patterns.edges],
    ['lessons with their pattern', LearningSqlLessons, (data: unknown) => (data as { lessons: { edges: unknown[] } }).lessons.edges],
    ['feedbacks with their pattern', LearningSqlFeedbacks, (data: unknown) => (data as { feedbacks: { edges: unknown[] } }).feedbacks.edges],
    ['anomalies with their incident', LearningSqlAnomalies, (data: unknown) => (data as { anomalies: { edges: unknown[] } }).anomalies.edges],
    ['thresholds with their adjustments', LearningSqlThresholds, (data: unknown) => (data as { thresholds: { edges: unknown[] } }).thresholds.edges],
  ] as const)('%s', async (_name, document, edgesOf) => {
    const small = await costOf(() => viewer.data(document, { first: 2 }));
    const large = await costOf(() => viewer.data(document, { first: 50 }));
    const edges = edgesOf(large.data) as Array<{ node: Record<string, unknown> }>;
    expect(edges).toHaveLength(50);
    // Every row carries its related object(s), so the comparison is about loading them.
    expect(edges.every(({ node }) => Object.values(node).every((value) => value !== null && !(Array.isArray(value) && value.length === 0)))).toBe(true);
    expectSameCost(small, large);
  });
});

describe('lists that grow with the data are bounded', () => {
  const MANY = 105;

  it('Problem.patterns lists at most 100 (default 20) while patternCount is the true count', async () => {
    // The newest problem, so it is the first of the list.
    await server.db.problem.create({ data: { id: 'PRB-MANYPATS', title: 'Many patterns', createdAt: new Date(Date.now() + 60_000) } });
    await server.db.pattern.createMany({
      data: Array.from({ length: MANY }, (_, i) => ({
        patternKey: `INCIDENT:2:many-${i}`, srType: 'INCIDENT' as const, instId: 2, keywordSignature: `many${i}`,
        keywords: [`many${i}`], techKeywords: [], occurrenceCount: 1 + i, srIds: [], problemId: 'PRB-MANYPATS',
      })),
    });
    const { problems } = await viewer.data(LearningBoundProblem, { first: 100 });
    const node = problems.edges[0]!.node;
    expect(node).toMatchObject({ id: 'PRB-MANYPATS', patternCount: MANY });
    expect(node.patterns).toHaveLength(100);
    expect(node.defaultPage).toHaveLength(20);
    expect(codeOf(await viewer.request(LearningBoundProblem, { first: 101 }))).toBe('BAD_USER_INPUT');
  });

  it('mineLessons returns at most 100 lessons; its counts stay true', async () => {
    const admin = await server.as('ada', 'ADMIN');
    const patterns = await server.db.pattern.createManyAndReturn({
      data: Array.from({ length: MANY }, (_, i) => ({
        patternKey: `SERVICE:3:mine-${i}`, srType: 'SERVICE' as const, instId: 3, keywordSignature: `mine${i}`,
        keywords: [`mine${i}`], techKeywords: [], occurrenceCount: 3, srIds: [],
      })),
      select: { id: true },
    });
    await server.db.feedback.createMany({
      data: patterns.map((pattern, i) => ({ srId: `EXT-MINE${i}`, kbDocId: 'DOC-MINE', patternId: pattern.id, dueAt: new Date(), checkedAt: new Date(), effectivenessScore: 1 })),
    });
    const { mineLessons } = await admin.data(LearningBoundMine, {});
    expect(mineLessons.created + mineLessons.updated).toBe(MANY);
    expect(mineLessons.lessons).toHaveLength(100);
  });

  it('calibrateAllThresholds returns at most 100 results; calibrated stays the true count', async () => {
    const admin = await server.as('ada', 'ADMIN');
    await server.db.threshold.createMany({
      data: Array.from({ length: MANY }, (_, i) => ({ source: `noisy${i}`, metricType: 'cpu', baseThreshold: 80, adaptedThreshold: 80, falsePositive: 10 })),
    });
    const { calibrateAllThresholds: result } = await admin.data(LearningBoundCalibrateAll, {});
    expect(result.calibrated).toBe(MANY);
    expect(result.results).toHaveLength(100);
    expect(result.results.every((r) => r.adjusted)).toBe(true);
  });
});
