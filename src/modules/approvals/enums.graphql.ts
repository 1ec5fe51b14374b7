// Enums of autonomous operations, defined once from the Prisma enums (Environment is shared
// operations vocabulary: itsm/enums.graphql.ts).
import { ActionStatus, PolicyStatus, RiskLevel } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';

export const RiskLevelEnum = builder.enumType(RiskLevel, {
  name: 'RiskLevel',
  description: 'LOW and MEDIUM run at once; HIGH needs an ops role to approve, CRITICAL an ADMIN.',
});

export const ActionStatusEnum = builder.enumType(ActionStatus, {
  name: 'ActionStatus',
  description: 'AUTO_DONE (ran without approval), PENDING_APPROVAL, APPROVED, REJECTED, EXPIRED (no decision in time).',
});

export const PolicyStatusEnum = builder.enumType(PolicyStatus, {
  name: 'PolicyStatus',
  description: 'DRAFT (editable, can be backtested), ACTIVE (decides new actions), RETIRED (was active before).',
});

export const ApprovalQueueEventKindEnum = builder.enumType('ApprovalQueueEventKind', {
  description: 'SUBMITTED (entered the queue), APPROVED, REJECTED, EXPIRED (left it), EXPIRING (about to lapse).',
  values: ['SUBMITTED', 'APPROVED', 'REJECTED', 'EXPIRED', 'EXPIRING'] as const,
});
