// Probable causes: the executed actions before a problem or incident, ranked by evidence. Each kind
// of evidence adds a weight (below, documented in the README); the score is their sum, capped at
// 1, and every weight comes with the sentence that explains it. Pure: no database, no GraphQL.
import type { Category } from '../../generated/prisma/enums.js';
import { actionTargetNames, matchNames, type ExecutedAction, type HistoryRecord } from '../approvals/change-history.js';
import { inferCategory } from '../itsm/classification.js';
import { namedIdentifiers } from '../language/identifiers.js';
import { isLexiconKeyword, requestKeywords } from '../language/keywords.js';

export type EvidenceKind = 'TIME_LAG' | 'SAME_TARGET' | 'RELATED_TARGET' | 'SHARED_IDENTIFIER' | 'SAME_CATEGORY' | 'SHARED_KEYWORDS' | 'HISTORY';

export interface Evidence {
  kind: EvidenceKind;
  detail: string;
  weight: number;
}

/** The weights of the evidence (README "Probable causes and impact analysis"). */
export const EVIDENCE_WEIGHTS = {
  /** At a lag of 0; halves every TIME_HALF_LIFE_HOURS. */
  timeLag: 0.3,
  sameTarget: 0.35,
  relatedTarget: 0.2,
  /** Per identifier the action's description shares with the subject, at most two. */
  sharedIdentifier: 0.1,
  sameCategory: 0.1,
  /** Per shared lexicon keyword, at most two. */
  sharedKeyword: 0.05,
  /** Times the share of similar earlier actions that trouble followed (Laplace: followed / (similar + 1)). */
  history: 0.2,
} as const;

export const TIME_HALF_LIFE_HOURS = 6;
const HOUR_MS = 3_600_000;

/** What the ranking knows of a problem or an incident. */
export interface CauseSubject {
  kind: 'problem' | 'incident';
  firstOccurrenceAt: Date;
  /** The resources it names (hosts, services, databases, its anomaly's source). */
  names: string[];
  /** Lexicon keywords of its text. */
  keywords: string[];
  category: Category | null;
}

/** What the ranking knows of an action. */
export interface CandidateFeatures {
  targetNames: string[];
  /** Identifiers its description names besides its target. */
  mentionedNames: string[];
  keywords: string[];
  category: Category | null;
}

export interface RankedCause {
  actionId: string;
  rank: number;
  score: number;
  evidence: Evidence[];
}

/** Lexicon keywords of a text that say what it is about (not identifiers, not "fail"-like words). */
export function topicKeywords(text: string): string[] {
  return requestKeywords('', text)
    .filter((keyword) => !keyword.tech && !keyword.generic && isLexiconKeyword(keyword.keyword))
    .map((keyword) => keyword.keyword);
}

/** A category from text; null when nothing points to one. */
export function textCategory(text: string): Category | null {
  const { category } = inferCategory('', text);
  return category === 'OTHER' ? null : category;
}

export function candidateFeatures(action: Pick<ExecutedAction, 'actionType' | 'target' | 'description'>): CandidateFeatures {
  const targetNames = actionTargetNames(action);
  const text = `${action.target ?? ''} ${action.description}`;
  return {
    targetNames,
    mentionedNames: namedIdentifiers(action.description).filter((name) => !targetNames.includes(name)),
    keywords: topicKeywords(text),
    category: action.actionType === 'DB_MIGRATION' ? 'DATABASE' : textCategory(text),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** "2 h 10 min", "45 min", "3 d 2 h". */
export function formatLag(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

function targetEvidence(subject: CauseSubject, features: CandidateFeatures): Evidence | null {
  const match = matchNames(features.targetNames, subject.names);
  if (!match) return null;
  if (match.relation === 'SAME') {
    return { kind: 'SAME_TARGET', weight: EVIDENCE_WEIGHTS.sameTarget, detail: `its target ${match.name} is named by the ${subject.kind}` };
  }
  return { kind: 'RELATED_TARGET', weight: EVIDENCE_WEIGHTS.relatedTarget, detail: `its target ${match.name} is related to ${match.other}, which the ${subject.kind} names` };
}

function textEvidence(subject: CauseSubject, features: CandidateFeatures): Evidence[] {
  const evidence: Evidence[] = [];
  const shared = features.mentionedNames.filter((name) => subject.names.includes(name)).slice(0, 2);
  if (shared.length > 0) {
    evidence.push({ kind: 'SHARED_IDENTIFIER', weight: round(EVIDENCE_WEIGHTS.sharedIdentifier * shared.length), detail: `its description names ${shared.join(', ')}, as the ${subject.kind} does` });
  }
  if (features.category && features.category === subject.category) {
    evidence.push({ kind: 'SAME_CATEGORY', weight: EVIDENCE_WEIGHTS.sameCategory, detail: `both are about ${features.category}` });
  }
  const keywords = features.keywords.filter((keyword) => subject.keywords.includes(keyword)).slice(0, 2);
  if (keywords.length > 0) {
    evidence.push({ kind: 'SHARED_KEYWORDS', weight: round(EVIDENCE_WEIGHTS.sharedKeyword * keywords.length), detail: `both say ${keywords.join(', ')}` });
  }
  return evidence;
}

function historyEvidence(action: ExecutedAction, features: CandidateFeatures, record: HistoryRecord | null, followWindowHours: number): Evidence | null {
  if (!record || record.followed === 0) return null;
  const target = features.targetNames[0] ?? 'its target';
  return {
    kind: 'HISTORY',
    weight: round((EVIDENCE_WEIGHTS.history * record.followed) / (record.similar + 1)),
    detail: `${record.followed} of ${record.similar} earlier ${action.actionType}s on ${target} were followed by trouble (incident, severe anomaly or recurring requests) within ${followWindowHours} h`,
  };
}

/** The evidence that `action` caused `subject` (the action ran before the subject's first occurrence). */
export function causeEvidence(subject: CauseSubject, action: ExecutedAction, record: HistoryRecord | null, followWindowHours: number): Evidence[] {
  const features = candidateFeatures(action);
  const lagMs = subject.firstOccurrenceAt.getTime() - action.executedAt.getTime();
  const evidence: Evidence[] = [
    {
      kind: 'TIME_LAG',
      weight: round(EVIDENCE_WEIGHTS.timeLag * 2 ** -(lagMs / HOUR_MS / TIME_HALF_LIFE_HOURS)),
      detail: `ran ${formatLag(lagMs)} before the ${subject.kind}'s first occurrence`,
    },
  ];
  const target = targetEvidence(subject, features);
  if (target) evidence.push(target);
  evidence.push(...textEvidence(subject, features));
  const history = historyEvidence(action, features, record, followWindowHours);
  if (history) evidence.push(history);
  return evidence;
}

/**
 * Ranks the candidates (actions that ran before the first occurrence): highest score first, then
 * the shorter lag, then the id. `historyOf` gives each candidate's record of similar earlier actions.
 */
export function rankCauses(
  subject: CauseSubject,
  candidates: readonly ExecutedAction[],
  historyOf: (action: ExecutedAction) => HistoryRecord | null,
  followWindowHours: number,
): RankedCause[] {
  const scored = candidates
    .filter((action) => action.executedAt < subject.firstOccurrenceAt)
    .map((action) => {
      const evidence = causeEvidence(subject, action, historyOf(action), followWindowHours);
      const score = round(Math.min(1, evidence.reduce((sum, item) => sum + item.weight, 0)));
      return { action, score, evidence };
    });
  scored.sort((a, b) => b.score - a.score || b.action.executedAt.getTime() - a.action.executedAt.getTime() || a.action.id.localeCompare(b.action.id));
  return scored.map((cause, index) => ({ actionId: cause.action.id, rank: index + 1, score: cause.score, evidence: cause.evidence }));
}
