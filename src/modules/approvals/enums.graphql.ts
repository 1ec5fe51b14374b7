// Enums of autonomous operations, defined once from the Prisma enums (Environment is shared
// operations vocabulary: itsm/enums.graphql.ts).
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';

export const RiskLevelEnum = builder.enumType('RiskLevel', {
  values: describedValues({ LOW: 'Done at once.', MEDIUM: 'Done at once.', HIGH: 'Waits for an ENGINEER, PM or ADMIN to approve.', CRITICAL: 'Waits for an ADMIN (or a quorum of ADMINs) to approve.' }),
  description: 'LOW and MEDIUM run at once; HIGH needs an ops role to approve, CRITICAL an ADMIN.',
});

export const ActionStatusEnum = builder.enumType('ActionStatus', {
  values: describedValues({
    AUTO_DONE: 'Ran without approval (LOW/MEDIUM, or recorded by the auto cycle).',
    PENDING_APPROVAL: 'Waits for a decision until expiresAt.',
    APPROVED: 'Approved and done.',
    REJECTED: 'Rejected; not done.',
    EXPIRED: 'No decision in time; not done.',
  }),
  description: 'AUTO_DONE (ran without approval), PENDING_APPROVAL, APPROVED, REJECTED, EXPIRED (no decision in time).',
});

export const PolicyStatusEnum = builder.enumType('PolicyStatus', {
  values: describedValues({ DRAFT: 'Editable; can be backtested.', ACTIVE: 'Decides new actions.', RETIRED: 'Was active before.' }),
  description: 'DRAFT (editable, can be backtested), ACTIVE (decides new actions), RETIRED (was active before).',
});

export const ApprovalQueueEventKindEnum = builder.enumType('ApprovalQueueEventKind', {
  description:
    'SUBMITTED (entered the queue), APPROVED, REJECTED, EXPIRED (left it), EXPIRING (about to lapse), ESCALATED (overdue, escalated once), EXTENDED (deadline moved; the event carries the new expiresAt).',
  values: describedValues({
    SUBMITTED: 'An action entered the queue.',
    APPROVED: 'An action was approved and left the queue.',
    REJECTED: 'An action was rejected and left the queue.',
    EXPIRED: 'An action lapsed without a decision and left the queue.',
    EXPIRING: 'An action will lapse in a few minutes (still in the queue).',
    ESCALATED: 'An action is still pending APPROVAL_ESCALATE_AFTER_MINUTES after its submission: escalated once to whoever can decide it (still in the queue).',
    EXTENDED: 'An action\'s deadline was extended (still in the queue); `expiresAt` is the new deadline.',
  }),
});

export const DecisionEnum = builder.enumType('Decision', {
  description: 'What a bulk decision does to each action.',
  values: describedValues({ APPROVE: 'Approve each action (a vote towards the quorum for CRITICAL when one is configured).', REJECT: 'Reject each action.' }),
});

export const DelegationStatusEnum = builder.enumType('DelegationStatus', {
  description: 'Where a delegation stands now: SCHEDULED (starts later), ACTIVE (in force), ENDED (its window passed), REVOKED.',
  values: describedValues({
    SCHEDULED: 'Its window has not started yet.',
    ACTIVE: 'In force: the delegate may decide on the delegator\'s behalf.',
    ENDED: 'Its window passed.',
    REVOKED: 'Revoked before its window ended; it stopped at once.',
  }),
});
