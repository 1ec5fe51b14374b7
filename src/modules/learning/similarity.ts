// Similarity of a request and a pattern (pure), over their weighted keywords:
//   jaccard     = Σmin / Σmax                               (weighted Jaccard, Ruzicka)
//   containment = Σmin / max(Σ of the smaller side, CONTAINMENT_EVIDENCE)
//   similarity  = √(jaccard × containment)
// Jaccard alone punished every extra word of the longer side: "ERP 접속 불가" against "ERP 로그인
// 화면이 안 떠요 (흰 화면만 나옵니다)" scored 0.48. The geometric mean with containment forgives words
// one side adds, as long as what the shorter side says is covered; the conflict rules below keep
// that from matching the same words about a different problem.
// A keyword weighs keywordWeight() (names of their own such as web-01 2; technical terms, symptoms,
// environments 1.5; the failure word 0.5; others 1), halved
// when it is context rather than core (core = the signature's keywords, i.e. the title's), so the
// incidental words of long descriptions cannot outvote what the request is about.
// 1 means the same keywords; a recurrence needs at least the configured threshold (default 0.55)
// and no conflict (recurrenceConflict: exclusive keywords, sibling identifiers).
import { exclusiveConflict, isLexiconKeyword, keywordWeight } from '../language/keywords.js';

export interface KeywordSet {
  keywords: readonly string[];
  techKeywords: readonly string[];
  /** Core keywords, sorted and space-separated. */
  signature: string;
}

/** Weight of context (non-core) keywords relative to core ones. */
export const CONTEXT_WEIGHT = 0.5;
/**
 * The smaller side's weight counts as at least this in containment: a one-keyword request
 * ("Request new laptop") is not "contained" in every request that mentions a laptop.
 */
export const CONTAINMENT_EVIDENCE = 2;

/** Each keyword's weight in a set: keywordWeight, halved for context (non-core) keywords. */
export function weights(set: KeywordSet, tech: Set<string> = new Set(set.techKeywords)): Map<string, number> {
  const core = new Set(set.signature.split(' ').filter(Boolean));
  const result = new Map<string, number>();
  for (const keyword of new Set([...set.keywords, ...core])) {
    result.set(keyword, keywordWeight(keyword, tech.has(keyword)) * (core.has(keyword) ? 1 : CONTEXT_WEIGHT));
  }
  return result;
}

export function keywordSimilarity(a: KeywordSet, b: KeywordSet, measure: RecurrenceOptions['measure'] = 'geometric'): number {
  if (a.keywords.length === 0 || b.keywords.length === 0) return 0;
  const tech = new Set([...a.techKeywords, ...b.techKeywords]);
  const left = weights(a, tech);
  const right = weights(b, tech);
  let shared = 0;
  let union = 0;
  let leftTotal = 0;
  let rightTotal = 0;
  for (const keyword of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(keyword) ?? 0;
    const r = right.get(keyword) ?? 0;
    shared += Math.min(l, r);
    union += Math.max(l, r);
    leftTotal += l;
    rightTotal += r;
  }
  if (union === 0) return 0;
  const jaccard = shared / union;
  if (measure === 'jaccard') return jaccard;
  const containment = shared / Math.max(Math.min(leftTotal, rightTotal), CONTAINMENT_EVIDENCE);
  return Math.sqrt(jaccard * containment);
}

/** Rounded for display (3 decimals). */
export function roundSimilarity(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Options of the decision (the evaluation switches them to measure each on its own). */
export interface RecurrenceOptions {
  /** Exclusive core keywords (EXCLUSIVE_GROUPS in the lexicon) veto a match. */
  exclusiveGroups?: boolean;
  /** Sibling identifiers (web03 / web07, ORA-12541 / ORA-01017) with none shared veto a match. */
  identifiers?: boolean;
  /** The similarity: √(jaccard × containment) (default), or weighted Jaccard alone (before issue 14). */
  measure?: 'geometric' | 'jaccard';
}

const DEFAULT_OPTIONS: Required<RecurrenceOptions> = { exclusiveGroups: true, identifiers: true, measure: 'geometric' };

function coreOf(set: KeywordSet): string[] {
  return set.signature.split(' ').filter(Boolean);
}

/** Error and state names: NullPointerException, OutOfMemoryError, CrashLoopBackOff, OOMKilled. */
const ERROR_NAME = /^[a-z]{3,}(?:exception|error|backoff|killed)$/;

/** Identifiers of the core: technical words of their own (not lexicon words) with a digit or a separator, or error names. */
function identifiersOf(set: KeywordSet): string[] {
  const tech = new Set(set.techKeywords);
  return coreOf(set).filter((keyword) => tech.has(keyword) && !isLexiconKeyword(keyword) && (/[0-9]|[-_.]/.test(keyword) || ERROR_NAME.test(keyword)));
}

const HOST_NAME = /^[a-z]{2,}[0-9]{1,3}$/;

/** web03/web07, db01/web02, ora-12541/ora-01017, 401/403 (same shape), payments-api/orders-api (a segment shared), error names. */
export function areSiblingIdentifiers(a: string, b: string): boolean {
  const shape = (id: string) => id.replace(/0x[0-9a-f]+/g, '0x#').replace(/[0-9]+/g, '#');
  if (shape(a) === shape(b)) return true;
  // Host names: letters and a small number (web01 / db02).
  if (HOST_NAME.test(a) && HOST_NAME.test(b)) return true;
  // Two errors (or pod states) by name are two failures.
  if (ERROR_NAME.test(a) && ERROR_NAME.test(b)) return true;
  const left = a.split(/[-_.]/);
  const right = b.split(/[-_.]/);
  return left.length >= 2 && left.length === right.length && left.some((segment) => right.includes(segment));
}

/** Why a request cannot be a recurrence of a pattern whatever their similarity; null when it can. */
export function recurrenceConflict(request: KeywordSet, pattern: KeywordSet, options: RecurrenceOptions = {}): string | null {
  const { exclusiveGroups, identifiers } = { ...DEFAULT_OPTIONS, ...options };
  if (exclusiveGroups) {
    const conflict = exclusiveConflict(new Set(coreOf(request)), new Set(coreOf(pattern)));
    if (conflict) return conflict;
  }
  if (identifiers) {
    const mine = identifiersOf(request);
    const theirs = identifiersOf(pattern);
    if (mine.length > 0 && theirs.length > 0 && !mine.some((id) => theirs.includes(id))) {
      const sibling = mine.flatMap((a) => theirs.filter((b) => areSiblingIdentifiers(a, b)).map((b) => `${a} vs ${b}`))[0];
      if (sibling) return sibling;
    }
  }
  return null;
}

/**
 * The recurrence decision between a request and a pattern: same signature, or similar enough and
 * not in conflict (recurrenceConflict). `conflict` says why a similar pattern was refused.
 */
export function isRecurrenceMatch(
  request: KeywordSet,
  pattern: KeywordSet,
  threshold: number,
  options: RecurrenceOptions = {},
): { match: boolean; similarity: number; conflict?: string } {
  if (request.keywords.length === 0 || pattern.keywords.length === 0) return { match: false, similarity: 0 };
  if (request.signature === pattern.signature) return { match: true, similarity: 1 };
  const similarity = keywordSimilarity(request, pattern, options.measure);
  if (similarity < threshold) return { match: false, similarity };
  const conflict = recurrenceConflict(request, pattern, options);
  return conflict ? { match: false, similarity, conflict } : { match: true, similarity };
}

/**
 * Generic keywords, most generic first: left out of the index probe when that cannot lose a match.
 * Everything else (identifiers, products, specific nouns) is always probed.
 */
const GENERIC_KEYWORDS = [
  'fail', 'server', 'connect', 'app', 'web', 'change', 'update', 'config', 'open', 'file', 'network', 'pc', 'login',
  'account', 'password', 'mail', 'screen', 'slow', 'install', 'printer', 'howto', 'create', 'grant', 'permission',
  'prod', 'dev', 'stg', 'usage', 'high', 'send', 'receive', 'reset', 'restart', 'db',
];
const genericRank = new Map(GENERIC_KEYWORDS.map((keyword, index) => [keyword, index]));

/**
 * The keywords to look candidates up with (`keywords && probe`). Generic keywords are left out, most
 * generic first, while their total weight stays under threshold² × the request's weight: a match
 * needs √(jaccard × containment) ≥ threshold, so jaccard ≥ threshold² (containment ≤ 1), so
 * shared ≥ threshold² × union ≥ threshold² × the request's weight; a pattern sharing only
 * left-out keywords has less. Lossless, and it keeps "fail" or "server" from pulling in half the table.
 */
export function probeKeywords(request: KeywordSet, threshold: number): string[] {
  const weighted = weights(request);
  const total = [...weighted.values()].reduce((sum, weight) => sum + weight, 0);
  const budget = threshold * threshold * total;
  const generic = [...weighted.keys()].filter((keyword) => genericRank.has(keyword)).sort((a, b) => genericRank.get(a)! - genericRank.get(b)!);
  const leftOut = new Set<string>();
  let leftOutWeight = 0;
  for (const keyword of generic) {
    const weight = weighted.get(keyword)!;
    if (leftOutWeight + weight >= budget) break;
    leftOut.add(keyword);
    leftOutWeight += weight;
  }
  return [...weighted.keys()].filter((keyword) => !leftOut.has(keyword));
}
