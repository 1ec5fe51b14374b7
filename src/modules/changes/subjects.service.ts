// What a problem or an incident looks like to the cause ranking: when it first occurred, which
// resources its text and anomaly name, its keywords and category. Read through their owners:
// problems and patterns from learning, requests and incidents from itsm.
import { publicIdPattern } from '../../db/ids.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Category } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { getIncidentWithAnomaly } from '../itsm/incidents.service.js';
import { requestsByIds } from '../itsm/service-requests.service.js';
import { isNamedIdentifier, namedIdentifiers, targetNames } from '../language/identifiers.js';
import { problemEpisode } from '../learning/change-evidence.service.js';
import { textCategory, topicKeywords, type CauseSubject } from './cause-ranking.js';

export type SubjectKind = 'PROBLEM' | 'INCIDENT';

export interface SubjectRef {
  kind: SubjectKind;
  id: string;
}

export interface LoadedSubject extends CauseSubject {
  ref: SubjectRef;
  title: string;
}

const PROBLEM_ID = publicIdPattern('PRB');
const INCIDENT_ID = publicIdPattern('INC');

/** A PRB-… or INC-… id; BAD_USER_INPUT naming `field` otherwise. */
export function parseSubjectId(raw: string, field: string): SubjectRef {
  const id = raw.trim().toUpperCase();
  if (PROBLEM_ID.test(id)) return { kind: 'PROBLEM', id };
  if (INCIDENT_ID.test(id)) return { kind: 'INCIDENT', id };
  throw new BadInputError(field, `"${raw.slice(0, 40)}" is not a problem (PRB-…) or incident (INC-…) id`);
}

const unique = (values: string[]) => [...new Set(values)];

/** The most frequent category among the requests (ties: the first seen), or null. */
function mostFrequent(categories: Array<Category | null>): Category | null {
  const counts = new Map<Category, number>();
  for (const category of categories) if (category && category !== 'OTHER') counts.set(category, (counts.get(category) ?? 0) + 1);
  let best: Category | null = null;
  for (const [category, count] of counts) if (!best || count > counts.get(best)!) best = category;
  return best;
}

async function problemSubject(rt: Runtime, id: string): Promise<LoadedSubject> {
  const episode = await problemEpisode(rt, id);
  if (!episode) throw new NotFoundError('Problem', id);
  // Other systems' request ids (EXT-…) have no text here: their patterns' keywords stand in.
  const requests = await requestsByIds(rt, episode.srIds.filter((srId) => srId.toUpperCase().startsWith('SR-')));
  const text = [episode.title, ...requests.map((request) => `${request.title}\n${request.description}`)].join('\n');
  return {
    ref: { kind: 'PROBLEM', id },
    title: episode.title,
    kind: 'problem',
    firstOccurrenceAt: episode.firstOccurrenceAt,
    names: unique([...namedIdentifiers(text), ...episode.techKeywords.filter(isNamedIdentifier)]),
    keywords: unique([...topicKeywords(text), ...episode.keywords.filter((keyword) => !episode.techKeywords.includes(keyword))]),
    category: mostFrequent(requests.map((request) => request.category)) ?? textCategory(text),
  };
}

async function incidentSubject(rt: Runtime, id: string): Promise<LoadedSubject> {
  const incident = await getIncidentWithAnomaly(rt, id);
  const anomaly = incident.anomaly;
  // The metric's own name (cpu_usage, latency_p99) is no resource.
  const metricNames = anomaly ? namedIdentifiers(anomaly.metricType) : [];
  const names = [...(anomaly ? targetNames(anomaly.source) : []), ...namedIdentifiers(incident.title).filter((name) => !metricNames.includes(name))];
  const text = `${incident.title} ${anomaly ? `${anomaly.metricType} ${anomaly.source}` : ''}`;
  return {
    ref: { kind: 'INCIDENT', id: incident.id },
    title: incident.title,
    kind: 'incident',
    firstOccurrenceAt: anomaly?.detectedAt ?? incident.createdAt,
    names: unique(names),
    keywords: topicKeywords(text),
    category: textCategory(text),
  };
}

/** The subject for the ranking; NOT_FOUND when there is no such problem or incident. */
export async function loadSubject(rt: Runtime, ref: SubjectRef): Promise<LoadedSubject> {
  return ref.kind === 'PROBLEM' ? problemSubject(rt, ref.id) : incidentSubject(rt, ref.id);
}
