// Seed builders for the approval gate: people with roles, and actions at a chosen risk, created
// through the public API exactly as users do.
import { expect } from 'vitest';
import { graphql } from '../generated/index.js';
import type { ActionInput } from '../generated/graphql.js';
import type { Role, TestServer, UserClient } from './server.js';

export const ApprovalsSubmit = graphql(`
  mutation ApprovalsSubmit($input: ActionInput!) {
    submitAction(input: $input) {
      id actionType description target environment targetCount payload riskLevel policyVersion status
      requestedBy approvedBy approvedAt comment result createdAt processedAt expiresAt
      riskFactors { name effect detail }
      auditTrail { at actor fromStatus toStatus comment }
    }
  }
`);

export const ApprovalsApprove = graphql(`
  mutation ApprovalsApprove($id: ID!, $comment: String) {
    approveAction(id: $id, comment: $comment) {
      id status approvedBy approvedAt comment processedAt result
      auditTrail { at actor fromStatus toStatus comment }
    }
  }
`);

export const ApprovalsReject = graphql(`
  mutation ApprovalsReject($id: ID!, $comment: String) {
    rejectAction(id: $id, comment: $comment) {
      id status approvedBy approvedAt comment processedAt
      auditTrail { at actor fromStatus toStatus comment }
    }
  }
`);

export const ApprovalsAction = graphql(`
  query ApprovalsAction($id: ID!) {
    autoAction(id: $id) {
      id status riskLevel requestedBy approvedBy comment expiresAt processedAt
      auditTrail { at actor fromStatus toStatus comment }
      approvals { approver at comment }
    }
  }
`);

/** Inputs that land on each risk level under the default policy. */
export const AT_RISK: Record<'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL', ActionInput> = {
  LOW: { actionType: 'RESTART_SERVICE', description: 'restart the worker', target: 'billing-worker', environment: 'DEV' },
  MEDIUM: { actionType: 'RESTART_SERVICE', description: 'restart the api', target: 'billing-api', environment: 'PROD' },
  HIGH: { actionType: 'DEPLOY', description: 'release 4.2', target: 'billing-api', environment: 'PROD' },
  CRITICAL: { actionType: 'DELETE_DATA', description: 'purge old invoices', target: 'invoices', environment: 'PROD' },
};

export interface ApprovalsSeed {
  /** A user with a real token (recorded as an opsloop user by a first call). */
  user(username: string, role: Role): Promise<UserClient>;
  /** Submits an action at `risk` as `requester`; returns the created action. */
  submit(requester: UserClient, risk: keyof typeof AT_RISK, overrides?: Partial<ActionInput>): Promise<Submitted>;
}

export type Submitted = Awaited<ReturnType<typeof submitData>>;

async function submitData(requester: UserClient, input: ActionInput) {
  return (await requester.data(ApprovalsSubmit, { input })).submitAction;
}

const Me = graphql(`
  query ApprovalsSeedMe {
    me {
      username
    }
  }
`);

export function approvalsSeed(server: TestServer): ApprovalsSeed {
  return {
    async user(username, role) {
      const client = await server.as(username, role);
      // Chat-ops finds users recorded from their tokens: make one call so the user exists.
      await client.request(Me, {});
      return client;
    },
    async submit(requester, risk, overrides = {}) {
      const action = await submitData(requester, { ...AT_RISK[risk], ...overrides });
      expect(action.riskLevel).toBe(risk);
      return action;
    },
  };
}

export { codeOf } from './server.js';
