// Slash commands from the ops chat, run as the opsloop user of the chat username through the same
// services (and so the same rules: roles, four-eyes, expiry, conflicts) as the GraphQL API.
import type { AutoAction } from '../../../generated/prisma/client.js';
import type { Viewer } from '../../../auth/viewer.js';
import { DomainError } from '../../../errors.js';
import { findUser } from '../../identity/users.service.js';
import { decideAction } from '../actions.service.js';
import { autoStatus, countQueue, livePendingActions } from '../queue.service.js';

export interface ChatReply {
  text: string;
  /** The stable error code when the command was refused (for bots). */
  code?: string;
}

const QUEUE_LINES = 10;

export const HELP = [
  'opsloop commands:',
  '/autoq — pending approvals',
  '/approve ACT-XXXXXXXX [comment] — approve a pending action',
  '/reject ACT-XXXXXXXX [reason] — reject a pending action',
  '/status — today at a glance',
].join('\n');

export async function runChatCommand(username: string, text: string): Promise<ChatReply> {
  const user = await findUser(username);
  if (!user) {
    return {
      text: `Sorry, I don't know an opsloop user called "${username}". Sign in to opsloop once (any call with your token) so I can act for you.`,
      code: 'UNAUTHENTICATED',
    };
  }
  // The chat user acts with the role of their most recent token, and only while that token is
  // valid: a demoted or signed-out user does not keep their old rights over chat.
  if (!user.tokenExpiresAt || user.tokenExpiresAt.getTime() <= Date.now()) {
    return {
      text: `Sorry ${username}, your opsloop session has expired. Sign in to opsloop again (any call with a fresh token) and retry.`,
      code: 'UNAUTHENTICATED',
    };
  }
  const viewer: Viewer = { username: user.username, role: user.role, instId: user.instId, expiresAt: Math.floor(user.tokenExpiresAt.getTime() / 1000) };
  const [command = '', id, ...rest] = text.trim().split(/\s+/);
  const remark = rest.join(' ') || null;
  try {
    switch (command.toLowerCase()) {
      case '/autoq':
        return { text: await queueText(viewer) };
      case '/status':
        return { text: await statusText(viewer) };
      case '/approve':
      case '/reject': {
        if (!id) return { text: `Usage: ${command.toLowerCase()} ACT-XXXXXXXX [${command.toLowerCase() === '/approve' ? 'comment' : 'reason'}]`, code: 'BAD_USER_INPUT' };
        const decision = command.toLowerCase() === '/approve' ? 'APPROVE' : 'REJECT';
        const action = await decideAction(viewer, id, decision, remark);
        return { text: decisionText(action, viewer, decision) };
      }
      case '/help':
      case '':
        return { text: HELP };
      default:
        return { text: `I don't know "${command.slice(0, 40)}".\n${HELP}`, code: 'BAD_USER_INPUT' };
    }
  } catch (error) {
    if (error instanceof DomainError) return { text: `:no_entry: ${error.message}`, code: error.code };
    throw error;
  }
}

function line(action: AutoAction): string {
  const targets = action.targetCount === 1 ? '' : ` ×${action.targetCount}`;
  return `${action.id} [${action.riskLevel}] ${action.actionType} on ${action.target}${targets} (${action.environment}) by ${action.requestedBy}`;
}

function minutesLeft(expiresAt: Date | null): string {
  if (!expiresAt) return '';
  const seconds = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000));
  return seconds < 120 ? ` — expires in ${seconds} s` : ` — expires in ${Math.round(seconds / 60)} min`;
}

async function queueText(viewer: Viewer): Promise<string> {
  const [pending, total] = await Promise.all([livePendingActions(viewer, QUEUE_LINES), countQueue(viewer, { status: 'PENDING_APPROVAL' })]);
  if (pending.length === 0) return 'The approval queue is empty.';
  const lines = pending.map((action) => `• ${line(action)}${minutesLeft(action.expiresAt)}\n    ${action.description.slice(0, 140)}`);
  const more = total > pending.length ? `\n…and ${total - pending.length} more (some may be lapsing).` : '';
  return `Approval queue — ${pending.length} waiting (newest first):\n${lines.join('\n')}${more}\nReply /approve ID [comment] or /reject ID [reason].`;
}

async function statusText(viewer: Viewer): Promise<string> {
  const status = await autoStatus(viewer);
  const t = status.today;
  return [
    `Today: ${t.autoDone} done automatically, ${t.pendingApproval} pending approval, ${t.approved} approved, ${t.rejected} rejected, ${t.expired} expired.`,
    `Auto processing ${status.autoProcessing ? 'enabled' : 'disabled'}, every ${status.cycleIntervalMinutes} min; approvals wait ${status.approvalTtlMinutes} min.`,
  ].join('\n');
}

function decisionText(action: AutoAction, viewer: Viewer, decision: 'APPROVE' | 'REJECT'): string {
  if (action.status === 'PENDING_APPROVAL') {
    return `:thumbsup: Your approval of ${action.id} is recorded; it needs more ADMIN approvals before it runs.\n${line(action)}`;
  }
  if (decision === 'APPROVE') return `:white_check_mark: ${action.id} approved by ${viewer.username}.\n${line(action)}${action.comment ? `\nComment: ${action.comment}` : ''}`;
  return `:x: ${action.id} rejected by ${viewer.username}.\n${line(action)}${action.comment ? `\nReason: ${action.comment}` : ''}`;
}
