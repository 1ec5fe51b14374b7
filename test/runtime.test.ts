// Two servers in one process are fully independent: each has its own database, events, jobs and
// clock. Stopping one leaves the other answering queries and streaming its live queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { AT_RISK, ApprovalsSubmit } from './helpers/approvals.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const RuntimeQueue = graphql(`
  query RuntimeQueue {
    autoQueue(first: 100) {
      totalCount
      edges { node { id } }
    }
  }
`);

const RuntimeLiveQueue = graphql(`
  subscription RuntimeLiveQueue {
    approvalQueue { kind action { id } }
  }
`);

describe('two servers in one process', () => {
  let first: TestServer;
  let second: TestServer;
  let ada: UserClient;
  let bob: UserClient;

  beforeAll(async () => {
    [first, second] = await Promise.all([startTestServer(), startTestServer()]);
    ada = await first.as('ada', 'ENGINEER');
    bob = await second.as('bob', 'ENGINEER');
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
  });

  it('have their own databases and their own live events', async () => {
    expect(first.database.env).not.toEqual(second.database.env);
    const firstSocket = await ada.ws();
    const secondSocket = await bob.ws();
    const onFirst = firstSocket.subscribe(RuntimeLiveQueue);
    const onSecond = secondSocket.subscribe(RuntimeLiveQueue);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const { submitAction } = await ada.data(ApprovalsSubmit, { input: AT_RISK.HIGH });
    await onFirst.waitFor((result) => result.data?.approvalQueue.action.id === submitAction.id);

    const onSecondServer = await bob.data(RuntimeQueue, {});
    expect(onSecondServer.autoQueue.edges.map((edge) => edge.node.id)).not.toContain(submitAction.id);
    const onFirstServer = await ada.data(RuntimeQueue, {});
    expect(onFirstServer.autoQueue.edges.map((edge) => edge.node.id)).toContain(submitAction.id);
    // The second server's subscriber heard nothing of the first server's submission.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onSecond.results).toEqual([]);
  });

  it('stop independently: the other keeps answering and streaming', async () => {
    const socket = await bob.ws();
    const live = socket.subscribe(RuntimeLiveQueue);
    await new Promise((resolve) => setTimeout(resolve, 300));

    await first.stop();
    await expect(ada.request(RuntimeQueue, {})).rejects.toThrow();

    const { submitAction } = await bob.data(ApprovalsSubmit, { input: AT_RISK.HIGH });
    await live.waitFor((result) => result.data?.approvalQueue.action.id === submitAction.id);
    const { autoQueue } = await bob.data(RuntimeQueue, {});
    expect(autoQueue.edges.map((edge) => edge.node.id)).toContain(submitAction.id);
  });
});
