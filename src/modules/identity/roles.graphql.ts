import { builder } from '../../graphql/builder.js';
import { ROLES } from '../../auth/permissions.js';

export const RoleEnum = builder.enumType('Role', {
  description:
    'ADMIN, PM and ENGINEER are the ops roles; VIEWER reads ops dashboards; REQUESTER creates and reads their own requests.',
  values: ROLES,
});
