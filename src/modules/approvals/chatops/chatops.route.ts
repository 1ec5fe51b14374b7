// POST /chatops: signed slash commands from the ops chat. Replies are JSON {"text": "…"} with
// status 200 (chat platforms show only successful replies); authentication failures are 401.
// The server's assembly lists this route: `chatopsRoute(rt)`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type HttpRoute } from '../../../http/routes.js';
import type { Runtime } from '../../../runtime.js';
import { runChatCommand } from './commands.js';
import { verifyChatopsSignature } from './signature.js';

const MAX_COMMAND_LENGTH = 4000;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function chatopsRoute(rt: Runtime): HttpRoute {
  return {
    method: 'POST',
    path: '/chatops',
    handle: (request, body, response) => handleChatops(rt, request, body, response),
  };
}

async function handleChatops(rt: Runtime, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
  const secret = rt.config.chatopsSecret;
  if (!secret) return sendJson(response, 503, { text: 'Chat-ops is not enabled on this server (CHATOPS_SECRET is not set).' });
  const check = verifyChatopsSignature(secret, header(request.headers['x-opsloop-timestamp']), header(request.headers['x-opsloop-signature']), body);
  if (!check.ok) {
    rt.logger.warn({ reason: check.reason }, 'chat-ops request refused');
    return sendJson(response, 401, { text: `Unauthorized: ${check.reason}.` });
  }
  let command: { user?: unknown; text?: unknown };
  try {
    command = JSON.parse(body.toString('utf8')) as typeof command;
  } catch {
    return sendJson(response, 400, { text: 'The body must be JSON: {"user": "<username>", "text": "/autoq"}.' });
  }
  if (typeof command?.user !== 'string' || command.user.trim() === '' || typeof command.text !== 'string') {
    return sendJson(response, 400, { text: 'The body needs "user" (an opsloop username) and "text" (the command).' });
  }
  const reply = await runChatCommand(rt, command.user.trim(), command.text.slice(0, MAX_COMMAND_LENGTH));
  rt.logger.info({ chatUser: command.user, command: command.text.split(/\s+/)[0], code: reply.code }, 'chat-ops command');
  return sendJson(response, 200, reply);
}
