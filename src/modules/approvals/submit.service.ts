// Submitting an autonomous action: assessed against the active policy and recorded in one
// transaction with its audit entry. LOW/MEDIUM are done at once (AUTO_DONE); HIGH/CRITICAL wait
// in PENDING_APPROVAL until expiresAt, with an ops message queued and a SUBMITTED event published
// after the commit. The static permission (action:submit) is declared on the GraphQL field.
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus } from '../../generated/prisma/enums.js';
import type { Viewer } from '../../auth/viewer.js';
import { publicId } from '../../db/ids.js';
import type { Runtime } from '../../runtime.js';
import { parseActionInput } from './action-input.js';
import { appendAuditMany } from './action-log.service.js';
import { contentHashOf } from './audit-chain.js';
import { enqueueNotification } from './notifications/outbox.js';
import { deliverSoon } from './notifications/relay.js';
import { assessWithContext } from './risk-assessment.service.js';

export async function submitAction(rt: Runtime, actor: Viewer, rawInput: unknown): Promise<AutoAction> {
  const input = parseActionInput(rawInput);
  const { ttlMinutes } = rt.config.approvals;
  const now = rt.clock.now();
  const { action, notificationId } = await rt.db.$transaction(async (tx) => {
    const risk = await assessWithContext(rt, tx, input, now);
    const pending = risk.requiresApproval;
    const status: ActionStatus = pending ? 'PENDING_APPROVAL' : 'AUTO_DONE';
    const content = { actionType: input.actionType, target: input.target ?? null, environment: input.environment, targetCount: input.targetCount, payload: input.payload ?? null };
    const action = await tx.autoAction.create({
      data: {
        id: publicId('ACT'),
        ...content,
        // The content hash seals what would run: every decision and audit entry is bound to it.
        contentHash: contentHashOf(content),
        description: input.description,
        payload: (input.payload ?? undefined) as Prisma.InputJsonValue | undefined,
        riskLevel: risk.riskLevel,
        riskFactors: risk.factors as unknown as Prisma.InputJsonValue,
        policyVersion: risk.policyVersion,
        status,
        requestedBy: actor.username,
        createdAt: now,
        processedAt: pending ? null : now,
        expiresAt: pending ? new Date(now.getTime() + ttlMinutes * 60_000) : null,
        result: pending ? undefined : { auto: true, riskLevel: risk.riskLevel, policyVersion: risk.policyVersion },
      },
    });
    const entry = {
      actionId: action.id,
      actor: actor.username,
      fromStatus: null,
      toStatus: status,
      at: now,
      comment: pending ? `risk ${risk.riskLevel}: waiting for approval` : `risk ${risk.riskLevel}: done automatically`,
      contentHash: action.contentHash,
    };
    await appendAuditMany(rt, tx, [entry], new Map([[action.id, null]]));
    const notificationId = pending ? await enqueueNotification(tx, rt.config, 'approval.requested', action) : null;
    return { action, notificationId };
  });
  if (action.status === 'PENDING_APPROVAL') {
    rt.events.publish('approvalQueue:changed', { kind: 'SUBMITTED', actionId: action.id });
    deliverSoon(rt, [notificationId]);
  }
  return action;
}
