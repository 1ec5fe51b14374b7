// Step 6: expire pending approvals whose time ran out (the approvals module's sweeper, which also
// sends the EXPIRING warnings); run here too so a cycle leaves no stale approval behind.
import { expireLapsedApprovals } from '../approvals/expiry.service.js';
import type { CycleStep } from './step.js';

export const expireApprovalsStep: CycleStep = {
  name: 'expireApprovals',
  async run(context, tally) {
    tally.processed += await expireLapsedApprovals(context.rt);
  },
};
