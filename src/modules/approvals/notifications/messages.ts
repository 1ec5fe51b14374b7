// Chat messages for the ops channel: Slack/Mattermost-style JSON whose `text` reads well on its
// own, with the structured facts beside it for bots.
import type { AutoAction } from '../../../generated/prisma/client.js';

export type NotificationEvent = 'approval.requested' | 'approval.approved' | 'approval.rejected' | 'approval.expired' | 'approval.expiring';

export interface WebhookBody {
  text: string;
  event: NotificationEvent;
  action: {
    id: string;
    actionType: string;
    /** Null when the submitter named no target. */
    target: string | null;
    environment: string;
    targetCount: number;
    riskLevel: string;
    status: string;
    requestedBy: string;
    decidedBy: string | null;
    comment: string | null;
    expiresAt: string | null;
  };
}

type ActionFacts = Pick<
  AutoAction,
  'id' | 'actionType' | 'description' | 'target' | 'environment' | 'targetCount' | 'riskLevel' | 'status' | 'requestedBy' | 'approvedBy' | 'comment' | 'expiresAt'
>;

function facts(action: ActionFacts): WebhookBody['action'] {
  return {
    id: action.id,
    actionType: action.actionType,
    target: action.target,
    environment: action.environment,
    targetCount: action.targetCount,
    riskLevel: action.riskLevel,
    status: action.status,
    requestedBy: action.requestedBy,
    decidedBy: action.approvedBy,
    comment: action.comment,
    expiresAt: action.expiresAt?.toISOString() ?? null,
  };
}

function what(action: ActionFacts): string {
  const targets = action.targetCount === 1 ? '1 target' : `${action.targetCount} targets`;
  return `${action.actionType}${action.target ? ` on ${action.target}` : ''} (${action.environment}, ${targets})`;
}

export function webhookBody(event: NotificationEvent, action: ActionFacts): WebhookBody {
  const lines: string[] = [];
  switch (event) {
    case 'approval.requested':
      lines.push(`:hourglass: Approval needed — ${action.id} [${action.riskLevel}] ${what(action)}`);
      lines.push(`${action.description}`);
      lines.push(`Requested by ${action.requestedBy}; expires ${action.expiresAt?.toISOString() ?? 'never'}.`);
      lines.push(`Approve: /approve ${action.id} [comment]   Reject: /reject ${action.id} [reason]`);
      break;
    case 'approval.approved':
      lines.push(`:white_check_mark: Approved — ${action.id} [${action.riskLevel}] ${what(action)} by ${action.approvedBy}`);
      if (action.comment) lines.push(`Comment: ${action.comment}`);
      break;
    case 'approval.rejected':
      lines.push(`:x: Rejected — ${action.id} [${action.riskLevel}] ${what(action)} by ${action.approvedBy}`);
      if (action.comment) lines.push(`Reason: ${action.comment}`);
      break;
    case 'approval.expired':
      lines.push(`:warning: Expired without a decision — ${action.id} [${action.riskLevel}] ${what(action)}`);
      lines.push(`Requested by ${action.requestedBy}; submit it again if it is still needed.`);
      break;
    case 'approval.expiring':
      lines.push(`:alarm_clock: About to expire — ${action.id} [${action.riskLevel}] ${what(action)} lapses at ${action.expiresAt?.toISOString()}`);
      lines.push(`Approve: /approve ${action.id} [comment]   Reject: /reject ${action.id} [reason]`);
      break;
  }
  return { text: lines.join('\n'), event, action: facts(action) };
}
