// The text of chat-ops replies: the approval queue, today's status, a decision's outcome.
import type { AutoAction } from '../../../generated/prisma/client.js';
import type { Viewer } from '../../../auth/viewer.js';
import type { Runtime } from '../../../runtime.js';
import { countQueue, livePendingActions } from '../action-reads.service.js';
import { autoStatus } from '../auto-status.service.js';
import type { Decision } from '../decide.service.js';

const QUEUE_LINES = 10;

export function line(action: AutoAction): string {
  const targets = action.targetCount === 1 ? '' : ` ×${action.targetCount}`;
  return `${action.id} [${action.riskLevel}] ${action.actionType}${action.target ? ` on ${action.target}` : ''}${targets} (${action.environment}) by ${action.requestedBy}`;
}

function timeLeft(expiresAt: Date | null, now: Date): string {
  if (!expiresAt) return '';
  const seconds = Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 1000));
  return seconds < 120 ? ` — expires in ${seconds} s` : ` — expires in ${Math.round(seconds / 60)} min`;
}

export async function queueText(rt: Runtime, viewer: Viewer): Promise<string> {
  const [pending, total] = await Promise.all([livePendingActions(rt, viewer, QUEUE_LINES), countQueue(rt, viewer, { status: 'PENDING_APPROVAL' })]);
  if (pending.length === 0) return 'The approval queue is empty.';
  const now = rt.clock.now();
  const lines = pending.map((action) => `• ${line(action)}${timeLeft(action.expiresAt, now)}${action.escalatedAt ? ' — OVERDUE' : ''}\n    ${action.description.slice(0, 140)}`);
  const more = total > pending.length ? `\n…and ${total - pending.length} more (some may be lapsing).` : '';
  return `Approval queue — ${pending.length} waiting (newest first):\n${lines.join('\n')}${more}\nReply /approve ID [comment] or /reject ID [reason] (/bulk for several, /extend ID <minutes> <reason> for more time).`;
}

export async function statusText(rt: Runtime, viewer: Viewer): Promise<string> {
  const status = await autoStatus(rt, viewer);
  const t = status.today;
  return [
    `Today: ${t.autoDone} done automatically, ${t.pendingApproval} pending approval, ${t.approved} approved, ${t.rejected} rejected, ${t.expired} expired.`,
    `Auto processing ${status.autoProcessing ? 'enabled' : 'disabled'}, every ${status.cycleIntervalMinutes} min; approvals wait ${status.approvalTtlMinutes} min.`,
  ].join('\n');
}

export function decisionText(action: AutoAction, viewer: Viewer, decision: Decision): string {
  if (action.status === 'PENDING_APPROVAL') {
    return `:thumbsup: Your approval of ${action.id} is recorded; it needs more ADMIN approvals before it runs.\n${line(action)}`;
  }
  const by = action.approvedOnBehalfOf ? `${viewer.username} on behalf of ${action.approvedOnBehalfOf}` : viewer.username;
  if (decision === 'APPROVE') return `:white_check_mark: ${action.id} approved by ${by}.\n${line(action)}${action.comment ? `\nComment: ${action.comment}` : ''}`;
  return `:x: ${action.id} rejected by ${by}.\n${line(action)}${action.comment ? `\nReason: ${action.comment}` : ''}`;
}
