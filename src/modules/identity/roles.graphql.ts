import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';
import { ROLES } from '../../auth/permissions.js';

export const RoleEnum = builder.enumType('Role', {
  description:
    'ADMIN, PM and ENGINEER are the ops roles; VIEWER reads ops dashboards; REQUESTER creates and reads their own requests.',
  values: describedValues({
    ADMIN: 'Everything, including CRITICAL approvals, the cycle, teams and risk policies.',
    PM: 'Ops role: submits and approves HIGH actions, writes learning data.',
    ENGINEER: 'Ops role: submits and approves HIGH actions, works on requests.',
    VIEWER: 'Reads the ops dashboards (queue, history, learning data); writes nothing.',
    REQUESTER: 'Files service requests and reads their own.',
  } satisfies Record<(typeof ROLES)[number], string>),
});
