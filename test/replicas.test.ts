// Several replicas behind a load balancer: an event published by a mutation on one replica
// reaches a graphql-ws subscriber connected to another, through PostgreSQL + Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { createTestDatabase, testDatabaseUrl, testRedisUrl, type TestDatabase } from './helpers/database.js';
import { startReplica, type Replica } from './helpers/replica.js';
import { postGraphQL, queryText } from './helpers/server.js';
import { tokenFor } from './helpers/tokens.js';
import { connectWs, type WsClient } from './helpers/ws.js';

const ReplicasQueue = graphql(`
  subscription ReplicasQueue {
    approvalQueue {
      kind
      action {
        id
        status
        riskLevel
      }
    }
  }
`);

const ReplicasSubmit = graphql(`
  mutation ReplicasSubmit($input: ActionInput!) {
    submitAction(input: $input) {
      id
      status
    }
  }
`);

const shared = !!testDatabaseUrl && !!testRedisUrl;

describe.skipIf(!shared)('two replicas sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let first: Replica;
  let second: Replica;
  let socket: WsClient | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ...database.env, REDIS_URL: testRedisUrl! };
    [first, second] = await Promise.all([startReplica(env), startReplica(env)]);
  });

  afterAll(async () => {
    await socket?.close();
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  it('delivers a SUBMITTED event from a mutation on one replica to a subscriber on the other', async () => {
    const viewer = await tokenFor('vera', 'VIEWER');
    const engineer = await tokenFor('erin', 'ENGINEER');
    socket = await connectWs(second.url.replace('http', 'ws'), viewer);
    const subscription = socket.subscribe(ReplicasQueue);
    // graphql-ws does not acknowledge a subscribe: give the server a moment to register it in Redis.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const submitted = await postGraphQL<{ submitAction: { id: string; status: string } }>(
      first.url,
      queryText(ReplicasSubmit),
      { input: { actionType: 'DEPLOY', description: 'release 4.2', target: 'billing-api', environment: 'PROD' } },
      engineer,
    );
    expect(submitted.errors).toBeUndefined();
    const id = submitted.data!.submitAction.id;
    expect(submitted.data!.submitAction.status).toBe('PENDING_APPROVAL');

    const event = await subscription.waitFor((result) => result.data?.approvalQueue.action.id === id);
    expect(event.data?.approvalQueue).toEqual({ kind: 'SUBMITTED', action: { id, status: 'PENDING_APPROVAL', riskLevel: 'HIGH' } });
  });
});
