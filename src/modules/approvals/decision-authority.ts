// Whose authority a decision uses: the decider's own role, or exactly one delegator's through a
// delegation in force. Chosen as follows (README "Delegation"):
// - `onBehalfOf` names the delegator: that delegation must be in force and cover the risk level,
//   and the delegator's own role must decide it (authority is never transitive: no chains);
// - otherwise the decider's own role when it suffices (HIGH: ops roles; CRITICAL: ADMIN);
// - otherwise automatically the oldest delegation in force to the decider whose delegator may
//   decide it (e.g. an ENGINEER deciding a CRITICAL action for an away ADMIN).
// Four-eyes holds for both people: neither the decider nor the delegator may have requested it.
import type { AutoAction } from '../../generated/prisma/client.js';
import { can, type Permission } from '../../auth/permissions.js';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import type { Config } from '../../config.js';
import { ForbiddenError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { findUser, usersByUsername } from '../identity/users.service.js';
import { liveDelegationsTo } from './delegations.service.js';

export interface DecisionAuthority {
  /** Whose vote and authority the decision is: the decider's own username, or the delegator's. */
  principal: string;
  /** The delegation used, when the decider acts on someone's behalf. */
  delegation: { id: string; delegator: string } | null;
}

type ActionFacts = Pick<AutoAction, 'id' | 'riskLevel' | 'requestedBy'>;

/** Four-eyes: when the rule is on, the person who requested an action cannot decide it. */
export function assertFourEyes(action: Pick<AutoAction, 'id' | 'requestedBy'>, actor: Viewer, config: Pick<Config['approvals'], 'fourEyes'>): void {
  if (config.fourEyes && action.requestedBy === actor.username) {
    throw new ForbiddenError(`four-eyes rule: ${actor.username} requested ${action.id} and cannot decide it; another person must`, { rule: 'fourEyes' });
  }
}

function neededFor(action: ActionFacts): Permission {
  return action.riskLevel === 'CRITICAL' ? 'action:decideCritical' : 'action:decideHigh';
}

export async function resolveAuthority(rt: Runtime, actor: Viewer, action: ActionFacts, onBehalfOf?: string | null): Promise<DecisionAuthority> {
  assertFourEyes(action, actor, rt.config.approvals);
  const needed = neededFor(action);
  if (onBehalfOf && onBehalfOf !== actor.username) return delegatedBy(rt, actor, action, needed, onBehalfOf);
  if (can(actor.role, needed)) return { principal: actor.username, delegation: null };
  const now = rt.clock.now();
  const candidates = await liveDelegationsTo(rt, actor.username, action.riskLevel, now);
  const roles = new Map((await usersByUsername(rt, [...new Set(candidates.map((d) => d.delegator))])).map((user) => [user.username, user.role]));
  const usable = candidates.find((d) => can(roles.get(d.delegator), needed) && !(rt.config.approvals.fourEyes && d.delegator === action.requestedBy));
  if (usable) return { principal: usable.delegator, delegation: { id: usable.id, delegator: usable.delegator } };
  if (candidates.length > 0) {
    throw new ForbiddenError(
      `role ${actor.role} may not decide ${action.riskLevel} actions (needs ${needed}), and none of ${actor.username}'s delegations in force (${candidates.map((d) => `${d.id} from ${d.delegator}`).join(', ')}) is from someone who may decide ${action.id}`,
      { permission: needed },
    );
  }
  requirePermission(actor, needed); // throws: the role alone is not enough and no delegation helps
  return { principal: actor.username, delegation: null };
}

async function delegatedBy(rt: Runtime, actor: Viewer, action: ActionFacts, needed: Permission, delegator: string): Promise<DecisionAuthority> {
  if (rt.config.approvals.fourEyes && action.requestedBy === delegator) {
    throw new ForbiddenError(`four-eyes rule: ${delegator} requested ${action.id}, so neither they nor ${actor.username} on their behalf may decide it`, { rule: 'fourEyes' });
  }
  const [delegation] = await liveDelegationsTo(rt, actor.username, action.riskLevel, rt.clock.now(), delegator);
  if (!delegation) {
    throw new ForbiddenError(`${actor.username} holds no delegation from ${delegator} in force now that covers ${action.riskLevel} actions`, { rule: 'delegation' });
  }
  const user = await findUser(rt, delegator);
  if (!can(user?.role, needed)) {
    throw new ForbiddenError(`${delegator} (${user?.role ?? 'unknown'}) may not decide ${action.riskLevel} actions, so neither may ${actor.username} on their behalf`, { rule: 'noChains', permission: needed });
  }
  return { principal: delegator, delegation: { id: delegation.id, delegator } };
}
