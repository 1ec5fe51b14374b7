// Slash commands from the ops chat, run as the opsloop user of the chat username through the same
// services (and so the same rules: roles, four-eyes, expiry, conflicts) as the GraphQL API. Chat
// does not pass through the GraphQL fields' permissions, so each command declares its permission
// once in the table below and the dispatcher checks it before running the command.
import { requirePermission, type Viewer } from '../../../auth/viewer.js';
import type { Permission } from '../../../auth/permissions.js';
import { DomainError } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import { findUser } from '../../identity/users.service.js';
import { decideAction, type Decision } from '../decide.service.js';
import { decisionText, queueText, statusText } from './replies.js';

export interface ChatReply {
  text: string;
  /** The stable error code when the command was refused (for bots). */
  code?: string;
}

export const HELP = [
  'opsloop commands:',
  '/autoq — pending approvals',
  '/approve ACT-XXXXXXXX [comment] — approve a pending action',
  '/reject ACT-XXXXXXXX [reason] — reject a pending action',
  '/status — today at a glance',
].join('\n');

interface CommandArgs {
  id: string;
  remark: string | null;
}

interface ChatCommand {
  /** Null: anyone known to opsloop (help). */
  permission: Permission | null;
  /** The arguments a command needs, shown when its action id is missing. */
  usage?: string;
  run(rt: Runtime, viewer: Viewer, args: CommandArgs): Promise<string>;
}

const decide = (decision: Decision) => async (rt: Runtime, viewer: Viewer, { id, remark }: CommandArgs) =>
  decisionText(await decideAction(rt, viewer, id, decision, remark), viewer, decision);

const COMMANDS: Record<string, ChatCommand> = {
  '/autoq': { permission: 'ops:read', run: (rt, viewer) => queueText(rt, viewer) },
  '/status': { permission: 'ops:read', run: (rt, viewer) => statusText(rt, viewer) },
  '/approve': { permission: 'action:decideHigh', usage: 'ACT-XXXXXXXX [comment]', run: decide('APPROVE') },
  '/reject': { permission: 'action:decideHigh', usage: 'ACT-XXXXXXXX [reason]', run: decide('REJECT') },
  '/help': { permission: null, run: async () => HELP },
  '': { permission: null, run: async () => HELP },
};

export async function runChatCommand(rt: Runtime, username: string, text: string): Promise<ChatReply> {
  const viewer = await chatViewer(rt, username);
  if ('text' in viewer) return viewer;
  const [typed = '', id, ...rest] = text.trim().split(/\s+/);
  const name = typed.toLowerCase();
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : undefined;
  if (!command) return { text: `I don't know "${typed.slice(0, 40)}".\n${HELP}`, code: 'BAD_USER_INPUT' };
  if (command.usage && !id) return { text: `Usage: ${name} ${command.usage}`, code: 'BAD_USER_INPUT' };
  try {
    if (command.permission) requirePermission(viewer, command.permission);
    return { text: await command.run(rt, viewer, { id: id ?? '', remark: rest.join(' ') || null }) };
  } catch (error) {
    if (error instanceof DomainError) return { text: `:no_entry: ${error.message}`, code: error.code };
    throw error;
  }
}

/**
 * The opsloop user behind a chat username. They act with the role of their newest-issued token (by
 * iat, recorded by identity), and only while that token is valid: a demoted or signed-out user does
 * not keep their old rights, and presenting an older token again does not bring them back.
 */
async function chatViewer(rt: Runtime, username: string): Promise<Viewer | ChatReply> {
  const user = await findUser(rt, username);
  if (!user) {
    return {
      text: `Sorry, I don't know an opsloop user called "${username}". Sign in to opsloop once (any call with your token) so I can act for you.`,
      code: 'UNAUTHENTICATED',
    };
  }
  if (!user.tokenExpiresAt || user.tokenExpiresAt.getTime() <= rt.clock.now().getTime()) {
    return {
      text: `Sorry ${username}, your opsloop session has expired. Sign in to opsloop again (any call with a fresh token) and retry.`,
      code: 'UNAUTHENTICATED',
    };
  }
  return { username: user.username, role: user.role, instId: user.instId, expiresAt: Math.floor(user.tokenExpiresAt.getTime() / 1000) };
}
