// Multiplexed fan-out (src/graphql/fanout.ts): identical subscriptions of one audience cost one
// execution per event, and a reader never receives a result executed for another role.
import { buildSchema, parse, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/viewer.js';
import { multiplexSubscriptions } from '../src/graphql/fanout.js';
import { AT_RISK, ApprovalsSubmit } from './helpers/approvals.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

/** A tiny schema whose payload depends on the reader's role, and an event source to drive it. */
function roleDependentSource() {
  let executions = 0;
  const listeners = new Set<(value: number) => void>();
  const schema = buildSchema(`
    type Query { ok: Boolean }
    type Tick { n: Int! seenAs: String! }
    type Subscription { tick: Tick! }
  `);
  const source = (): AsyncIterableIterator<{ tick: number }> => {
    const queue: number[] = [];
    let wake: (() => void) | undefined;
    const listener = (value: number) => {
      queue.push(value);
      wake?.();
    };
    listeners.add(listener);
    let done = false;
    return {
      async next() {
        while (!done && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        return done ? { value: undefined, done: true } : { value: { tick: queue.shift()! }, done: false };
      },
      async return() {
        done = true;
        listeners.delete(listener);
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };
  const rootValue = {
    tick: source,
  };
  const resolvers = {
    Tick: {
      n: (tick: number) => tick,
      seenAs: (_tick: number, _args: unknown, context: { viewer: Viewer }) => {
        executions += 1;
        return context.viewer.role;
      },
    },
  };
  const document = parse('subscription Ticks { tick { n seenAs } }');
  const args = (viewer: Viewer): ExecutionArgs => ({
    schema,
    document,
    operationName: 'Ticks',
    rootValue,
    contextValue: { viewer },
    fieldResolver: (parent, _args, context, info) => {
      if (info.parentType.name === 'Tick') return resolvers.Tick[info.fieldName as 'n' | 'seenAs'](parent as number, undefined, context as { viewer: Viewer });
      return (parent as Record<string, unknown>)[info.fieldName];
    },
    subscribeFieldResolver: () => source(),
  });
  return {
    args,
    publish: (value: number) => listeners.forEach((listener) => listener(value)),
    listeners: () => listeners.size,
    executions: () => executions,
  };
}

const as = (username: string, role: Viewer['role'], instId: number | null = null): Viewer => ({ username, role, instId, expiresAt: 2 ** 31 });

async function first(iterable: unknown): Promise<ExecutionResult> {
  const next = await (iterable as AsyncIterator<ExecutionResult>).next();
  return next.value as ExecutionResult;
}

describe('multiplexSubscriptions', () => {
  it('executes an event once per audience and gives each role its own payload', async () => {
    const events = roleDependentSource();
    const shared = multiplexSubscriptions((args) => subscribe(args));
    const [vera, victor, ada] = await Promise.all([shared(events.args(as('vera', 'VIEWER'))), shared(events.args(as('victor', 'VIEWER'))), shared(events.args(as('ada', 'ADMIN')))]);
    expect(events.listeners()).toBe(2); // one source per audience, not per subscriber
    events.publish(7);
    const [forVera, forVictor, forAda] = await Promise.all([first(vera), first(victor), first(ada)]);
    expect(forVera).toEqual({ data: { tick: { n: 7, seenAs: 'VIEWER' } } });
    expect(forVictor).toBe(forVera); // the same result object: executed (and built) once
    expect(forAda).toEqual({ data: { tick: { n: 7, seenAs: 'ADMIN' } } });
    expect(events.executions()).toBe(2);
  });

  it('keeps requesters apart (own rows only) and institutions apart', async () => {
    const events = roleDependentSource();
    const shared = multiplexSubscriptions((args) => subscribe(args));
    await Promise.all([
      shared(events.args(as('rita', 'REQUESTER', 1))),
      shared(events.args(as('rob', 'REQUESTER', 1))),
      shared(events.args(as('vera', 'VIEWER', 1))),
      shared(events.args(as('vik', 'VIEWER', 2))),
    ]);
    expect(events.listeners()).toBe(4);
  });

  it('closes the source when the last member leaves, and opens a new one for the next', async () => {
    const events = roleDependentSource();
    const shared = multiplexSubscriptions((args) => subscribe(args));
    const one = (await shared(events.args(as('vera', 'VIEWER')))) as AsyncIterableIterator<ExecutionResult>;
    const two = (await shared(events.args(as('victor', 'VIEWER')))) as AsyncIterableIterator<ExecutionResult>;
    await one.return!();
    expect(events.listeners()).toBe(1);
    events.publish(1);
    expect(await first(two)).toEqual({ data: { tick: { n: 1, seenAs: 'VIEWER' } } });
    expect(await two.return!()).toEqual({ value: undefined, done: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.listeners()).toBe(0);
    const three = await shared(events.args(as('vera', 'VIEWER')));
    expect(events.listeners()).toBe(1);
    events.publish(2);
    expect(await first(three)).toEqual({ data: { tick: { n: 2, seenAs: 'VIEWER' } } });
  });

  it('hands a refusal to every subscriber who asked, and asks again next time', async () => {
    let calls = 0;
    const shared = multiplexSubscriptions(async () => {
      calls += 1;
      return { errors: [] } as ExecutionResult;
    });
    const events = roleDependentSource();
    const answers = await Promise.all([shared(events.args(as('rita', 'REQUESTER'))), shared(events.args(as('rita', 'REQUESTER')))]);
    expect(answers).toEqual([{ errors: [] }, { errors: [] }]);
    await shared(events.args(as('rita', 'REQUESTER')));
    expect(calls).toBe(2);
  });
});

const LiveQueue = 'subscription FanoutLiveQueue { approvalQueue { kind action { id status riskLevel } } }';

describe('approvalQueue over graphql-ws, multiplexed', () => {
  let server: TestServer;
  let erin: UserClient;
  let vera: UserClient;
  let victor: UserClient;
  let paul: UserClient;
  let rita: UserClient;
  beforeAll(async () => {
    server = await startTestServer();
    [erin, vera, victor, paul, rita] = await Promise.all([
      server.as('erin', 'ENGINEER'),
      server.as('vera', 'VIEWER'),
      server.as('victor', 'VIEWER'),
      server.as('paul', 'PM'),
      server.as('rita', 'REQUESTER'),
    ]);
  });
  afterAll(() => server?.stop());

  it('delivers one event to every reader, and only a refusal to a role that may not read it', async () => {
    const sockets = await Promise.all([vera.ws(), victor.ws(), paul.ws(), rita.ws()]);
    const [forVera, forVictor, forPaul, forRita] = sockets.map((socket) => socket.subscribe<{ approvalQueue: { kind: string; action: { id: string; status: string; riskLevel: string } } }, undefined>(LiveQueue));
    await forRita!.done;
    await new Promise((resolve) => setTimeout(resolve, 200)); // graphql-ws does not acknowledge subscribe
    const { submitAction } = await erin.data(ApprovalsSubmit, { input: AT_RISK.HIGH });
    const expected = { approvalQueue: { kind: 'SUBMITTED', action: { id: submitAction.id, status: 'PENDING_APPROVAL', riskLevel: 'HIGH' } } };
    for (const live of [forVera!, forVictor!, forPaul!]) {
      const result = await live.waitFor((r) => r.data?.approvalQueue.action.id === submitAction.id);
      expect(result).toEqual({ data: expected });
    }
    expect(forRita!.results).toHaveLength(1);
    expect(forRita!.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // One reader leaving does not stop the others' shared subscription.
    forVera!.unsubscribe();
    const second = await erin.data(ApprovalsSubmit, { input: AT_RISK.HIGH });
    await forVictor!.waitFor((r) => r.data?.approvalQueue.action.id === second.submitAction.id);
    await forPaul!.waitFor((r) => r.data?.approvalQueue.action.id === second.submitAction.id);
    expect(forVera!.results.some((r) => r.data?.approvalQueue.action.id === second.submitAction.id)).toBe(false);
    await Promise.all(sockets.map((socket) => socket.close()));
  });
});
