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
    requestedBy createdAt expiresAt escalatedAt extensionCount contentHash
    riskFactors { name effect detail }
    approvals { approver decidedBy at comment }
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
          requestedBy createdAt expiresAt escalatedAt extensionCount contentHash
          riskFactors { name effect detail }
          approvals { approver decidedBy at comment }
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
    approvalQueue { kind expiresAt action { ...DashboardActionCard } }
  }
`);

// Decisions send the content hash the card showed: the server refuses them if the content changed.
export const Approve = graphql(`
  mutation DashboardApprove($id: ID!, $comment: String, $expectedContentHash: String) {
    approveAction(id: $id, comment: $comment, expectedContentHash: $expectedContentHash) { id status approvedBy comment }
  }
`);

export const Reject = graphql(`
  mutation DashboardReject($id: ID!, $comment: String, $expectedContentHash: String) {
    rejectAction(id: $id, comment: $comment, expectedContentHash: $expectedContentHash) { id status approvedBy comment }
  }
`);

export const Extend = graphql(`
  mutation DashboardExtend($id: ID!, $minutes: Int!, $reason: String!) {
    extendApproval(id: $id, minutes: $minutes, reason: $reason) { id expiresAt extensionCount }
  }
`);

export const DelegationFields = graphql(`
  fragment DashboardDelegation on ApprovalDelegation {
    id from to riskLevels startsAt until reason createdBy status revokedAt revokedBy
  }
`);

// The newest 20, fields inline: the cost limit (5000) counts a spread fragment again per use.
export const Delegations = graphql(`
  query DashboardDelegations {
    delegations(first: 20) {
      totalCount
      edges { node { id from to riskLevels startsAt until reason createdBy status revokedAt revokedBy } }
    }
  }
`);

export const Delegate = graphql(`
  mutation DashboardDelegate($input: DelegateApprovalsInput!) {
    delegateApprovals(input: $input) { ...DashboardDelegation }
  }
`);

export const RevokeDelegation = graphql(`
  mutation DashboardRevokeDelegation($id: ID!) {
    revokeDelegation(id: $id) { ...DashboardDelegation }
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
      payload result comment approvedBy approvedOnBehalfOf approvedAt processedAt cycleRunId extendedAt
      auditTrail { at actor actorLabel fromStatus toStatus comment hash }
      auditIntegrity { valid problem legacyEntries chainHead }
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
