// The change analysis's reactions to other modules' changes, registered by the server's assembly
// (learning does not import this module): a problem opened by an escalation gets its top probable
// cause recorded and its ops message queued, before the live `patternEscalated` event goes out.
import type { Runtime } from '../../runtime.js';
import { recordTopCause } from './recorded-causes.service.js';

export function registerChangeReactions(rt: Runtime): void {
  rt.domain.on('problem:opened', async ({ problemId }) => {
    await recordTopCause(rt, problemId);
  });
}
