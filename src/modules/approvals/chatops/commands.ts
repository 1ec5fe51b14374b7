// Slash commands from the ops chat, run as the opsloop user of the chat username through the same
// services (and so the same rules: roles, four-eyes, delegation, expiry, conflicts) as the GraphQL
// API. Chat does not pass through the GraphQL fields' permissions, so each command declares its
// permission once in the table below and the dispatcher checks it before running the command.
// A command of two words ("/sr new") is looked up before its first word ("/sr").
import { requirePermission, type Viewer } from '../../../auth/viewer.js';
import type { Permission } from '../../../auth/permissions.js';
import { DomainError } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import { findUser } from '../../identity/users.service.js';
import { decideAction, type Decision } from '../decide.service.js';
import { bulkCommand, extendCommand } from './workflow-commands.js';
import { fileRequestCommand, requestStatusCommand } from './request-commands.js';
import { decisionText, queueText, statusText } from './replies.js';

export interface ChatReply {
  text: string;
  /** The stable error code when the command was refused (for bots). */
  code?: string;
}

export const HELP = [
  'opsloop commands:',
  '/autoq — pending approvals',
  '/approve ACT-XXXXXXXX [for=<delegator>] [comment] — approve a pending action (for=: as the delegate of someone away)',
  '/reject ACT-XXXXXXXX [for=<delegator>] [reason] — reject a pending action',
  '/bulk approve|reject ACT-… ACT-… [comment] — decide up to 100 actions, each on its own',
  '/extend ACT-XXXXXXXX <minutes> <reason> — give a pending action more time (ADMIN, PM; not your own)',
  '/sr SR-XXXXXXXX — status, assignee and SLA of a service request',
  '/sr new <title> — file a service request (type SERVICE; start the title with inquiry:, incident: or change: for another type)',
  '/status — today at a glance',
].join('\n');

/** The words after the command, as typed. */
export interface CommandArgs {
  words: string[];
}

interface ChatCommand {
  /** Null: anyone known to opsloop (help). */
  permission: Permission | null;
  /** The arguments a command needs, shown when they are missing. */
  usage?: string;
  /** How many words the command needs at least (default: 1 when it has a usage). */
  minWords?: number;
  run(rt: Runtime, viewer: Viewer, args: CommandArgs): Promise<string>;
}

/** `ACT-… [for=<delegator>] [remark…]`: the id, the delegator named, the remark. */
export function decisionWords(words: string[]): { id: string; onBehalfOf: string | null; remark: string | null } {
  const [id = '', ...rest] = words;
  const onBehalfOf = rest[0]?.toLowerCase().startsWith('for=') ? rest.shift()!.slice('for='.length) || null : null;
  return { id, onBehalfOf, remark: rest.join(' ') || null };
}

const decide = (decision: Decision) => async (rt: Runtime, viewer: Viewer, { words }: CommandArgs) => {
  const { id, onBehalfOf, remark } = decisionWords(words);
  return decisionText(await decideAction(rt, viewer, id, decision, remark, {}, { onBehalfOf }), viewer, decision);
};

const COMMANDS: Record<string, ChatCommand> = {
  '/autoq': { permission: 'ops:read', run: (rt, viewer) => queueText(rt, viewer) },
  '/status': { permission: 'ops:read', run: (rt, viewer) => statusText(rt, viewer) },
  '/approve': { permission: 'action:decideHigh', usage: 'ACT-XXXXXXXX [for=<delegator>] [comment]', run: decide('APPROVE') },
  '/reject': { permission: 'action:decideHigh', usage: 'ACT-XXXXXXXX [for=<delegator>] [reason]', run: decide('REJECT') },
  '/bulk': { permission: 'action:decideHigh', usage: 'approve|reject ACT-XXXXXXXX [ACT-… …] [comment]', minWords: 2, run: bulkCommand },
  '/extend': { permission: 'action:extend', usage: 'ACT-XXXXXXXX <minutes> <reason>', minWords: 3, run: extendCommand },
  '/sr new': { permission: 'request:create', usage: '<title>', run: fileRequestCommand },
  '/sr': { permission: 'request:read', usage: 'SR-XXXXXXXX, or /sr new <title>', run: requestStatusCommand },
  '/help': { permission: null, run: async () => HELP },
  '': { permission: null, run: async () => HELP },
};

function lookup(typed: string, words: string[]): { name: string; command: ChatCommand; words: string[] } | undefined {
  const name = typed.toLowerCase();
  const twoWords = words[0] ? `${name} ${words[0].toLowerCase()}` : '';
  if (twoWords && Object.hasOwn(COMMANDS, twoWords)) return { name: twoWords, command: COMMANDS[twoWords]!, words: words.slice(1) };
  return Object.hasOwn(COMMANDS, name) ? { name, command: COMMANDS[name]!, words } : undefined;
}

export async function runChatCommand(rt: Runtime, username: string, text: string): Promise<ChatReply> {
  const viewer = await chatViewer(rt, username);
  if ('text' in viewer) return viewer;
  const [typed = '', ...words] = text.trim().split(/\s+/);
  const found = lookup(typed, words);
  if (!found) return { text: `I don't know "${typed.slice(0, 40)}".\n${HELP}`, code: 'BAD_USER_INPUT' };
  const { name, command } = found;
  if (command.usage && found.words.length < (command.minWords ?? 1)) return { text: `Usage: ${name} ${command.usage}`, code: 'BAD_USER_INPUT' };
  try {
    if (command.permission) requirePermission(viewer, command.permission);
    return { text: await command.run(rt, viewer, { words: found.words }) };
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
