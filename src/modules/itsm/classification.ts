// Request classification (pure): category from the request's keywords, priority from what the text
// says about impact and urgency, both explainable. Korean and English alike.
import type { Category, Priority, RequestType } from '../../generated/prisma/enums.js';
import { normalizeText, requestKeywords } from '../language/keywords.js';

export interface Classification {
  category: Category;
  priority: Priority;
  /** Keywords that decided the category (empty: nothing pointed to one, so OTHER). */
  categoryKeywords: string[];
  /** Why this priority, e.g. ["outage: 전체 사용자", "type INCIDENT"]. */
  priorityReasons: string[];
}

/** On a tie the more specific owner wins: a security or database issue outranks a generic host. */
const CATEGORY_PRECEDENCE: Category[] = ['SECURITY', 'DATABASE', 'NETWORK', 'SERVER', 'ACCOUNT', 'APPLICATION', 'HARDWARE'];

/** Many users or a whole service down: P1. */
const OUTAGE = [
  /전체\s*(?:사용자|직원|부서|지점|서비스|시스템|네트워크|장애)/,
  /전사|모든\s*(?:사용자|직원|지점|부서)|전\s*직원/,
  /(?:서비스|시스템|서버|사이트|홈페이지)\s*(?:[이가]\s*)?(?:전면\s*)?(?:중단|마비|다운(?!로드))/,
  /랜섬웨어|해킹|침해|정보\s*유출|데이터\s*(?:유실|손실)/,
  /\b(?:outage|all users|everyone|entire (?:company|office|site|building|network|floor)|company-?wide|whole (?:company|office|building))\b/,
  /\b(?:is|are|went|goes|site|service|system|server|production) down\b/,
  /\b(?:ransomware|breach|data loss|hacked)\b/,
];

/** Something is broken for the requester: at least P2. */
const BROKEN = [
  /안됨|불가|실패|오류|에러|장애|멈춤|멈췄|멈춰|끊김|끊겨|끊기|느려|느립|느림|튕김|튕겨|먹통|잠겼|잠김|만료/,
  /\b(?:fail\w*|error\w*|not working|cannot|can't|unable|broken|crash\w*|stuck|disconnect\w*|slow|timeout|locked|expired|down)\b/,
];

/** The requester says it is urgent: one level up (and no more: everyone's request is urgent). */
const URGENT = [/긴급|급합니다|급해요|시급|빠른\s*처리/, /\b(?:urgent|asap|emergency|critical)\b/];

/** A question or a how-to: P4 unless something is broken. */
const QUESTION = [/문의|궁금|방법|어떻게|알려\s*주|가능한가요|가능할까요/, /\bhow (?:do|to|can)\b|\bquestion\b|\bis it possible\b|\bwhere (?:can|do)\b/];

const LEVELS: Priority[] = ['P1', 'P2', 'P3', 'P4'];

function firstMatch(patterns: RegExp[], text: string): string | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0].trim();
  }
  return undefined;
}

export function inferCategory(title: string, description: string): { category: Category; keywords: string[] } {
  const scores = new Map<Category, { score: number; keywords: string[] }>();
  for (const keyword of requestKeywords(title, description)) {
    if (!keyword.category) continue;
    const entry = scores.get(keyword.category) ?? { score: 0, keywords: [] };
    // The title is the requester's own summary: its words count double.
    entry.score += keyword.inTitle ? 2 : 1;
    entry.keywords.push(keyword.keyword);
    scores.set(keyword.category, entry);
  }
  let best: { category: Category; score: number; keywords: string[] } | undefined;
  for (const category of CATEGORY_PRECEDENCE) {
    const entry = scores.get(category);
    if (entry && (!best || entry.score > best.score)) best = { category, ...entry };
  }
  return best ? { category: best.category, keywords: best.keywords } : { category: 'OTHER', keywords: [] };
}

export function inferPriority(title: string, description: string, type: RequestType): { priority: Priority; reasons: string[] } {
  const text = normalizeText(`${title}\n${description}`);
  const reasons: string[] = [];
  const outage = firstMatch(OUTAGE, text);
  const broken = firstMatch(BROKEN, text);
  const question = firstMatch(QUESTION, text);
  let level: number;
  if (outage) {
    level = 0;
    reasons.push(`outage: ${outage}`);
  } else if (broken || type === 'INCIDENT') {
    level = 1;
    reasons.push(broken ? `broken: ${broken}` : 'type INCIDENT');
  } else if (type === 'INQUIRY' || question) {
    level = 3;
    reasons.push(question ? `question: ${question}` : 'type INQUIRY');
  } else {
    level = 2;
    reasons.push(`type ${type}: routine`);
  }
  const urgent = firstMatch(URGENT, text);
  if (urgent && level > 0) {
    level -= 1;
    reasons.push(`urgent: ${urgent}`);
  }
  return { priority: LEVELS[level]!, reasons };
}

export function classifyRequest(input: { title: string; description: string; type: RequestType }): Classification {
  const { category, keywords } = inferCategory(input.title, input.description);
  const { priority, reasons } = inferPriority(input.title, input.description, input.type);
  return { category, priority, categoryKeywords: keywords, priorityReasons: reasons };
}

export type SlaHours = Record<Priority, number>;

/** The SLA deadline of a request filed at `from` with `priority`. */
export function slaDeadline(priority: Priority, from: Date, hours: SlaHours): Date {
  return new Date(from.getTime() + hours[priority] * 3_600_000);
}
