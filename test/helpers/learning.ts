// Shared documents and small helpers for the learning-loop tests.
import { graphql } from '../generated/index.js';
import type { TestServer, UserClient } from './server.js';

export const LearningDetect = graphql(`
  mutation LearningDetect($input: RecurrenceInput!) {
    detectRecurrence(input: $input) {
      isRecurrence
      similarity
      escalatedNow
      keywords
      techKeywords
      signature
      matchedSignature
      occurrencesInWindow
      escalationThreshold
      windowDays
      similarityThreshold
      pattern {
        id
        patternKey
        srType
        instId
        keywordSignature
        keywords
        occurrenceCount
        escalated
        srIds
        problem { id title status }
      }
    }
  }
`);

export const LearningPatterns = graphql(`
  query LearningPatterns($srType: RequestType, $escalatedOnly: Boolean, $first: Int) {
    patterns(srType: $srType, escalatedOnly: $escalatedOnly, first: $first) {
      totalCount
      edges { node { id occurrenceCount escalated keywordSignature problem { id } } }
    }
  }
`);

export const LearningProblems = graphql(`
  query LearningProblems($status: ProblemStatus) {
    problems(status: $status, first: 100) {
      totalCount
      edges { node { id title status pattern { id } patterns { id } } }
    }
  }
`);

export const LearningStatsQuery = graphql(`
  query LearningStatsQuery {
    learningStats {
      patterns { total recurring escalated requestsObserved recurrenceRate repeatRequestRate escalationRate }
      problems { total open }
      feedback { total checked pending effective ineffective effectiveRate meanEffectiveness }
      thresholds { total adapted adjustments truePositive falsePositive missedCount precision recall }
      anomalies { total highOrCritical }
      lessons { total verified failureLessons meanConfidence }
    }
  }
`);

export const LearningSeedThreshold = graphql(`
  mutation LearningSeedThreshold($input: SetThresholdInput!) {
    setThreshold(input: $input) { id }
  }
`);

export const LearningSeedMetric = graphql(`
  mutation LearningSeedMetric($input: MetricInput!) {
    reportMetric(input: $input) { id severity incident { id } }
  }
`);

/** The people of the learning tests: who may read, write and operate the loop, and who may not. */
export async function learningCast(server: TestServer) {
  return {
    admin: await server.as('ada', 'ADMIN'),
    engineer: await server.as('erin', 'ENGINEER'),
    viewer: await server.as('vic', 'VIEWER'),
    /** Files requests at institution 1; reads nothing of the loop. */
    requester: await server.as('rita', 'REQUESTER', { inst: 1 }),
  };
}

export { codeOf } from './server.js';

let serial = 0;
/** A fresh request id for tests: another system's form (an SR-… id must name an opsloop request). */
export function nextSrId(prefix = 'EXT-T'): string {
  serial += 1;
  return `${prefix}${String(serial).padStart(5, '0')}`;
}

/** detectRecurrence for one request text (INCIDENT at institution 1 unless told otherwise). */
export async function detect(
  client: UserClient,
  title: string,
  description = '',
  options: { srType?: 'INQUIRY' | 'INCIDENT' | 'CHANGE' | 'SERVICE'; instId?: number | null; srId?: string } = {},
) {
  const result = await client.data(LearningDetect, {
    input: {
      srId: options.srId ?? nextSrId(),
      title,
      description,
      srType: options.srType ?? 'INCIDENT',
      instId: options.instId === undefined ? 1 : options.instId,
    },
  });
  return result.detectRecurrence;
}
