// Documents and small tools for the approval workflow tests (delegation, extension, escalation,
// signed audit trail, bulk decisions), sent through the public API as clients do.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphql } from '../generated/index.js';

export const WfAction = graphql(`
  query WfAction($id: ID!) {
    autoAction(id: $id) {
      id status riskLevel requestedBy contentHash expiresAt escalatedAt extendedAt extensionCount approvedBy approvedOnBehalfOf result
      auditTrail { at actor onBehalfOf delegationId actorLabel fromStatus toStatus comment contentHash prevHash hash signature keyId }
      approvals { approver decidedBy delegationId contentHash comment }
      auditIntegrity { valid entries legacyEntries chainHead problem keyId firstInvalidEntry { actor toStatus comment hash } }
    }
  }
`);

export const WfApprove = graphql(`
  mutation WfApprove($id: ID!, $comment: String, $onBehalfOf: String, $expectedContentHash: String) {
    approveAction(id: $id, comment: $comment, onBehalfOf: $onBehalfOf, expectedContentHash: $expectedContentHash) {
      id status approvedBy approvedOnBehalfOf result
      auditTrail { actor onBehalfOf delegationId actorLabel fromStatus toStatus comment }
      approvals { approver decidedBy delegationId contentHash }
    }
  }
`);

export const WfReject = graphql(`
  mutation WfReject($id: ID!, $comment: String, $onBehalfOf: String) {
    rejectAction(id: $id, comment: $comment, onBehalfOf: $onBehalfOf) { id status approvedBy approvedOnBehalfOf }
  }
`);

export const WfDelegate = graphql(`
  mutation WfDelegate($input: DelegateApprovalsInput!) {
    delegateApprovals(input: $input) { id from to riskLevels startsAt until reason createdBy status fromUser { username role } toUser { username } }
  }
`);

export const WfRevoke = graphql(`
  mutation WfRevoke($id: ID!) {
    revokeDelegation(id: $id) { id status revokedAt revokedBy }
  }
`);

export const WfDelegations = graphql(`
  query WfDelegations($activeOnly: Boolean) {
    delegations(activeOnly: $activeOnly, first: 50) { totalCount edges { node { id from to status } } }
  }
`);

export const WfDelegationNode = graphql(`
  query WfDelegationNode($id: ID!) {
    node(id: $id) { id ... on ApprovalDelegation { from to status } }
  }
`);

export const WfExtend = graphql(`
  mutation WfExtend($id: ID!, $minutes: Int!, $reason: String!) {
    extendApproval(id: $id, minutes: $minutes, reason: $reason) {
      id status expiresAt extendedAt extensionCount
      auditTrail { actor fromStatus toStatus comment }
    }
  }
`);

export const WfBulk = graphql(`
  mutation WfBulk($input: DecideActionsInput!) {
    decideActions(input: $input) {
      decided failed
      results { id error { code message } action { id status approvedBy } }
    }
  }
`);

export const WfQueue = graphql(`
  subscription WfQueue {
    approvalQueue { kind expiresAt action { id status expiresAt escalatedAt extensionCount } }
  }
`);

export type QueueEvent = { approvalQueue: { kind: string; expiresAt?: string | null; action: { id: string; status: string; expiresAt?: string | null; escalatedAt?: string | null } } };

/** An ops webhook that answers 200 and keeps every body it got. */
export class WebhookReceiver {
  bodies: Array<{ event: string; text: string; action: { id: string }; deciders?: string[]; extension?: { by: string; minutes: number; reason: string } }> = [];
  url = '';
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(200).end('ok');
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/ops`;
    return this;
  }

  for(actionId: string, event: string) {
    return this.bodies.filter((body) => body.action.id === actionId && body.event === event);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
