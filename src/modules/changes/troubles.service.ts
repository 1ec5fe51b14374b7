// Troubles that name given resources within a time range, from their owners: incidents (itsm,
// through approvals' change history), severe anomalies and recurring request patterns (learning).
// Three statements whatever the range.
import { nameFragments, type Trouble } from '../approvals/change-history.js';
import { incidentTroubles } from '../approvals/change-history.service.js';
import { isNamedIdentifier, targetNames } from '../language/identifiers.js';
import { recurringPatternsNaming, severeAnomaliesNaming } from '../learning/change-evidence.service.js';
import type { Runtime } from '../../runtime.js';

/** Most anomalies and patterns read per kind (the newest). */
const TROUBLES_LIMIT = 1000;

/** Every incident, HIGH+ anomaly and occurrence of a recurring pattern naming `names` (or a relative) in [from, to). */
export async function troublesNaming(rt: Runtime, names: string[], range: { from: Date; to: Date }): Promise<Trouble[]> {
  const fragments = nameFragments(names);
  if (fragments.length === 0) return [];
  const incidents = await incidentTroubles(rt.db, fragments, range);
  const anomalies = await severeAnomaliesNaming(rt, fragments, range, TROUBLES_LIMIT);
  const patterns = await recurringPatternsNaming(rt, fragments, range.from, TROUBLES_LIMIT);
  const troubles: Trouble[] = [
    ...incidents,
    ...anomalies.map((anomaly) => ({
      kind: 'ANOMALY' as const,
      id: anomaly.id,
      at: anomaly.detectedAt,
      names: targetNames(anomaly.source),
      summary: `${anomaly.severity} ${anomaly.metricType} on ${anomaly.source}: ${anomaly.value}`,
    })),
  ];
  for (const pattern of patterns) {
    const patternNames = pattern.techKeywords.filter(isNamedIdentifier);
    for (const at of pattern.occurredAt) {
      if (at < range.from || at >= range.to) continue;
      troubles.push({ kind: 'PATTERN', id: `PAT-${pattern.id}`, at, names: patternNames, summary: `recurring requests "${pattern.keywordSignature}"` });
    }
  }
  return troubles;
}
