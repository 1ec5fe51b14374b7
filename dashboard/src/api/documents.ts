// Every operation the dashboard sends, typed by GraphQL Codegen (`npm run codegen`).
import { graphql } from '../generated/gql.js';

export const Me = graphql(`
  query DashboardMe {
    me { username role inst }
  }
`);

export const ActionCardFields = graphql(`
  fragment DashboardActionCard on AutoAction {
    id actionType description target environment targetCount riskLevel policyVersion status
    requestedBy createdAt expiresAt
    riskFactors { name effect detail }
    approvals { approver at comment }
  }
`);

export const PendingQueue = graphql(`
  query DashboardPendingQueue {
    # Inline fields, not the fragment: the cost limit counts a spread fragment again per use.
    autoQueue(status: PENDING_APPROVAL, first: 40) {
      totalCount
      edges {
        node {
          id actionType description target environment targetCount riskLevel policyVersion status
          requestedBy createdAt expiresAt
          riskFactors { name effect detail }
          approvals { approver at comment }
        }
      }
    }
    autoStatus {
      approvalTtlMinutes
      today { autoDone pendingApproval approved rejected expired }
    }
  }
`);

export const QueueEvents = graphql(`
  subscription DashboardQueueEvents {
    approvalQueue { kind action { ...DashboardActionCard } }
  }
`);

export const Approve = graphql(`
  mutation DashboardApprove($id: ID!, $comment: String) {
    approveAction(id: $id, comment: $comment) { id status approvedBy comment }
  }
`);

export const Reject = graphql(`
  mutation DashboardReject($id: ID!, $comment: String) {
    rejectAction(id: $id, comment: $comment) { id status approvedBy comment }
  }
`);

export const AssessRisk = graphql(`
  query DashboardAssessRisk($input: ActionInput!) {
    assessRisk(input: $input) { riskLevel requiresApproval policyVersion factors { name effect detail } }
  }
`);

export const Submit = graphql(`
  mutation DashboardSubmit($input: ActionInput!) {
    submitAction(input: $input) { id status riskLevel expiresAt }
  }
`);

export const HistoryAll = graphql(`
  query DashboardHistory($days: Int!, $first: Int!, $after: String) {
    autoHistory(days: $days, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id actionType target environment riskLevel status requestedBy approvedBy createdAt } }
    }
  }
`);

export const HistoryByStatus = graphql(`
  query DashboardHistoryByStatus($status: ActionStatus!, $first: Int!, $after: String) {
    autoQueue(status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id actionType target environment riskLevel status requestedBy approvedBy createdAt } }
    }
  }
`);

export const ActionDetail = graphql(`
  query DashboardActionDetail($id: ID!) {
    autoAction(id: $id) {
      ...DashboardActionCard
      payload result comment approvedBy approvedAt processedAt cycleRunId
      auditTrail { at actor fromStatus toStatus comment }
    }
  }
`);

export const Learning = graphql(`
  query DashboardLearning {
    thresholds(first: 20) {
      totalCount
      edges {
        node {
          id source metricType baseThreshold adaptedThreshold changePct truePositive falsePositive
          missedCount adaptationCount lastAdaptedAt precision recall
        }
      }
    }
    patterns(first: 10) {
      totalCount
      edges { node { id srType occurrenceCount escalated lastSeenAt keywords problem { id title status } } }
    }
    lessons(first: 20) {
      totalCount
      edges { node { id lessonId title category confidenceScore isVerified problemPattern effectiveSolution verifiedBy } }
    }
    kbArticles(status: PUBLISHED, first: 50) {
      totalCount
      edges { node { id title effectivenessScore appliedCount failedCount tags } }
    }
  }
`);

// One detector's calibration history, read per chart: the cost limit multiplies a list inside a list.
export const ThresholdHistory = graphql(`
  query DashboardThresholdHistory($source: String!, $metricType: String!) {
    thresholds(source: $source, metricType: $metricType, first: 1) {
      edges { node { id adjustments(first: 50) { id at previousThreshold newThreshold reason actor } } }
    }
  }
`);

export const Calibrated = graphql(`
  subscription DashboardCalibrated {
    thresholdCalibrated { id newThreshold threshold { id } }
  }
`);

export const VerifyLesson = graphql(`
  mutation DashboardVerifyLesson($id: ID!) {
    verifyLesson(id: $id) { id isVerified verifiedBy }
  }
`);

export const CycleRunFields = graphql(`
  fragment DashboardCycleRun on AutoCycleRun {
    id status startedAt finishedAt triggeredBy error
    steps { name processed leftForHuman durationMs error }
  }
`);

export const CycleRuns = graphql(`
  query DashboardCycleRuns {
    autoCycleRuns(first: 20) { totalCount edges { node { ...DashboardCycleRun } } }
    autoStatus { autoProcessing cycleIntervalMinutes }
  }
`);

export const RunCycle = graphql(`
  mutation DashboardRunCycle {
    runAutoCycle { ...DashboardCycleRun }
  }
`);

export const CycleCompleted = graphql(`
  subscription DashboardCycleCompleted {
    autoCycleCompleted { ...DashboardCycleRun }
  }
`);
