// Scheduled work of the approval gate: the expiry sweeper (and EXPIRING warnings), and the webhook
// relay's catch-up for notifications left PENDING (after a restart, or a retry timer lost with it).
// The server's assembly lists these; nothing is scheduled on import.
import type { JobDefinition } from '../../jobs/scheduler.js';
import { expireLapsedApprovals } from './expiry.service.js';
import { deliverDueNotifications } from './notifications/relay.js';

export const approvalExpiryJob: JobDefinition = {
  name: 'approvals:expire',
  // Every minute, or more often when the TTL is short, so the EXPIRING warning still fires.
  everyMinutes: (config) => Math.max(1 / 60, Math.min(1, config.approvals.ttlMinutes / 4)),
  run: (rt) => expireLapsedApprovals(rt),
};

export const notificationRelayJob: JobDefinition = {
  name: 'approvals:notify',
  everyMinutes: () => 0.5,
  run: (rt) => deliverDueNotifications(rt),
};
