// Approval-gate data through the public API: actions at chosen risks, some decided, some
// CRITICAL ones with one approval of a quorum of two (start opsloop with CRITICAL_QUORUM=2).
import { graphqlData, mintToken } from './opsloop.js';

const SUBMIT = `mutation BenchSubmit($input: ActionInput!) { submitAction(input: $input) { id status riskLevel } }`;
const APPROVE = `mutation BenchApprove($id: ID!) { approveAction(id: $id) { id status } }`;
const REJECT = `mutation BenchReject($id: ID!, $comment: String) { rejectAction(id: $id, comment: $comment) { id status } }`;

export const AT_RISK = {
  LOW: { actionType: 'RESTART_SERVICE', description: 'restart the worker', target: 'billing-worker', environment: 'DEV' },
  HIGH: { actionType: 'DEPLOY', description: 'release 4.2', target: 'billing-api', environment: 'PROD' },
  CRITICAL: { actionType: 'DELETE_DATA', description: 'purge old invoices', target: 'invoices', environment: 'PROD' },
} as const;

export async function submitAction(url: string, token: string, risk: keyof typeof AT_RISK, description: string): Promise<{ id: string; status: string }> {
  const { submitAction } = await graphqlData<{ submitAction: { id: string; status: string } }>(url, SUBMIT, { input: { ...AT_RISK[risk], description } }, token);
  return submitAction;
}

/** `count` actions: of each 6, one LOW (done), one HIGH approved, one HIGH rejected, two HIGH
 * pending, one CRITICAL pending with one ADMIN approval. Four requests at a time. */
export async function seedActions(url: string, count: number): Promise<void> {
  const [erin, paul, ada] = await Promise.all([mintToken('erin', 'ENGINEER'), mintToken('paul', 'PM'), mintToken('ada', 'ADMIN')]);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const i = next++;
        const kind = i % 6;
        const risk = kind === 0 ? 'LOW' : kind === 5 ? 'CRITICAL' : 'HIGH';
        const action = await submitAction(url, erin, risk, `bench action ${i}`);
        if (kind === 1) await graphqlData(url, APPROVE, { id: action.id }, paul);
        if (kind === 2) await graphqlData(url, REJECT, { id: action.id, comment: 'not now' }, paul);
        if (kind === 5) await graphqlData(url, APPROVE, { id: action.id }, ada);
      }
    }),
  );
}
