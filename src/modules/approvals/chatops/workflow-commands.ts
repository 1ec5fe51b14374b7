// Chat commands of the approval workflow beyond one decision: /bulk and /extend, through the same
// services as decideActions and extendApproval.
import type { Viewer } from '../../../auth/viewer.js';
import { BadInputError } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import { decideActions } from '../decide-bulk.service.js';
import { extendApproval } from '../extend.service.js';
import { line } from './replies.js';

/** `/bulk approve|reject ACT-… ACT-… [for=<delegator>] [comment]`. */
export async function bulkCommand(rt: Runtime, viewer: Viewer, { words }: { words: string[] }): Promise<string> {
  const [verb = '', ...rest] = words;
  const decision = ({ approve: 'APPROVE', reject: 'REJECT' } as const)[verb.toLowerCase() as 'approve' | 'reject'];
  if (!decision) throw new BadInputError('decision', `"${verb.slice(0, 20)}" is neither approve nor reject: /bulk approve|reject ACT-… ACT-… [comment]`);
  const ids: string[] = [];
  while (rest[0] && /^act-/i.test(rest[0])) ids.push(rest.shift()!);
  const onBehalfOf = rest[0]?.toLowerCase().startsWith('for=') ? rest.shift()!.slice('for='.length) || null : null;
  if (ids.length === 0) throw new BadInputError('ids', 'name at least one action: /bulk approve|reject ACT-… ACT-… [comment]');
  const results = await decideActions(rt, viewer, { ids, decision, comment: rest.join(' ') || null, onBehalfOf });
  const done = results.filter((result) => !result.error).length;
  const lines = results.map((result) =>
    result.error ? `• ${result.id.toUpperCase()} :no_entry: ${result.error.code} — ${result.error.message}` : `• ${line(result.action!)} → ${result.action!.status}`,
  );
  return `Bulk ${verb.toLowerCase()} by ${viewer.username}: ${done} of ${results.length} done, ${results.length - done} refused.\n${lines.join('\n')}`;
}

/** `/extend ACT-… <minutes> <reason>`. */
export async function extendCommand(rt: Runtime, viewer: Viewer, { words }: { words: string[] }): Promise<string> {
  const [id = '', minutesText = '', ...reason] = words;
  if (!/^\d{1,7}$/.test(minutesText)) throw new BadInputError('minutes', `"${minutesText.slice(0, 20)}" is not a whole number of minutes: /extend ACT-… <minutes> <reason>`);
  const action = await extendApproval(rt, viewer, id, Number(minutesText), reason.join(' '));
  return `:hourglass_flowing_sand: ${action.id} extended by ${minutesText} min by ${viewer.username}; it now expires at ${action.expiresAt?.toISOString()}.\n${line(action)}`;
}
