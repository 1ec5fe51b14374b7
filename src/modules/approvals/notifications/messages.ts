// Chat messages for the ops channel: Slack/Mattermost-style JSON whose `text` reads well on its
// own, with the structured facts beside it for bots.
import type { AutoAction } from '../../../generated/prisma/client.js';

export type NotificationEvent =
  | 'approval.requested'
  | 'approval.approved'
  | 'approval.rejected'
  | 'approval.expired'
  | 'approval.expiring'
  | 'approval.escalated'
  | 'approval.extended';

/** Facts some messages add: who can decide an overdue action; who extended a deadline, and why. */
export interface MessageExtra {
  /** Overdue (escalated): the people (or roles) who can decide it, e.g. "ada", "eddie (delegate of ada)". */
  deciders?: string[];
  /** Extended: by whom, by how many minutes, and why. */
  extendedBy?: string;
  minutes?: number;
  reason?: string;
  /** Approved or rejected on behalf of this delegator. */
  onBehalfOf?: string | null;
}

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
  /** Escalated: who can decide it. */
  deciders?: string[];
  /** Extended: who extended it, by how many minutes, why. */
  extension?: { by: string; minutes: number; reason: string };
}

type ActionFacts = Pick<
  AutoAction,
  'id' | 'actionType' | 'description' | 'target' | 'environment' | 'targetCount' | 'riskLevel' | 'status' | 'requestedBy' | 'approvedBy' | 'comment' | 'expiresAt' | 'createdAt'
> & { approvedOnBehalfOf?: string | null };

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

function decidedBy(action: ActionFacts): string {
  return action.approvedOnBehalfOf ? `${action.approvedBy} on behalf of ${action.approvedOnBehalfOf}` : `${action.approvedBy}`;
}

export function webhookBody(event: NotificationEvent, action: ActionFacts, extra: MessageExtra = {}): WebhookBody {
  const lines = messageLines(event, action, extra);
  const body: WebhookBody = { text: lines.join('\n'), event, action: facts(action) };
  if (event === 'approval.escalated') body.deciders = extra.deciders ?? [];
  if (event === 'approval.extended') body.extension = { by: extra.extendedBy ?? '', minutes: extra.minutes ?? 0, reason: extra.reason ?? '' };
  return body;
}

function messageLines(event: NotificationEvent, action: ActionFacts, extra: MessageExtra): string[] {
  const lines: string[] = [];
  switch (event) {
    case 'approval.requested':
      lines.push(`:hourglass: Approval needed — ${action.id} [${action.riskLevel}] ${what(action)}`);
      lines.push(`${action.description}`);
      lines.push(`Requested by ${action.requestedBy}; expires ${action.expiresAt?.toISOString() ?? 'never'}.`);
      lines.push(`Approve: /approve ${action.id} [comment]   Reject: /reject ${action.id} [reason]`);
      break;
    case 'approval.approved':
      lines.push(`:white_check_mark: Approved — ${action.id} [${action.riskLevel}] ${what(action)} by ${decidedBy(action)}`);
      if (action.comment) lines.push(`Comment: ${action.comment}`);
      break;
    case 'approval.rejected':
      lines.push(`:x: Rejected — ${action.id} [${action.riskLevel}] ${what(action)} by ${decidedBy(action)}`);
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
    case 'approval.escalated':
      lines.push(`:rotating_light: Overdue — ${action.id} [${action.riskLevel}] ${what(action)} has waited since ${action.createdAt.toISOString()}; expires ${action.expiresAt?.toISOString()}`);
      lines.push(`Can decide: ${(extra.deciders ?? []).join(', ') || 'nobody known to opsloop yet'}`);
      lines.push(`Approve: /approve ${action.id} [comment]   Reject: /reject ${action.id} [reason]   More time: /extend ${action.id} <minutes> <reason>`);
      break;
    case 'approval.extended':
      lines.push(`:hourglass_flowing_sand: Deadline extended — ${action.id} [${action.riskLevel}] ${what(action)} by ${extra.minutes} min to ${action.expiresAt?.toISOString()} by ${extra.extendedBy}`);
      if (extra.reason) lines.push(`Reason: ${extra.reason}`);
      break;
  }
  return lines;
}
