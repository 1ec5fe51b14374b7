// Live fan-out, multiplexed (as Hasura does with live queries): subscribers of the same operation
// (document, operation name, variables) and the same audience share one source subscription, so
// an event is executed once per group, not once per subscriber, and every member receives the same
// result. The audience is what a result may depend on about its reader: the role and institution,
// and the user where a role reads only its own rows (REQUESTER). A field whose value depends on
// who the reader is beyond that must not be reachable from a subscription.
import { print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { can } from '../auth/permissions.js';
import type { Viewer } from '../auth/viewer.js';

type Result = ExecutionResult | AsyncIterable<ExecutionResult>;
export type Subscribe = (args: ExecutionArgs) => Result | Promise<Result>;

const printed = new WeakMap<DocumentNode, string>();

function documentText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

function audienceOf(viewer: Viewer | null | undefined): string {
  if (!viewer) return 'anonymous';
  const own = can(viewer.role, 'request:readAll') ? '' : viewer.username;
  return `${viewer.role}\u0000${viewer.instId ?? ''}\u0000${own}`;
}

/** Which group an operation joins: everything its results depend on. */
export function groupKeyOf(args: ExecutionArgs): string {
  const viewer = (args.contextValue as { viewer?: Viewer | null } | undefined)?.viewer;
  return [audienceOf(viewer), args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), documentText(args.document)].join('\u0000');
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/** One subscriber: the group's results, queued until graphql-ws takes them. */
class Member implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: ExecutionResult[] = [];
  private waiting?: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void };
  private ended = false;
  private failure: unknown;

  constructor(private readonly leave: (member: Member) => void) {}

  push(result: ExecutionResult): void {
    if (this.ended) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: result, done: false });
    } else {
      this.queue.push(result);
    }
  }

  /** The source ended (or failed): the member ends after what is queued. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    if (error !== undefined) waiting.reject(error);
    else waiting.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.ended) {
      const failure = this.failure;
      this.failure = undefined;
      return failure !== undefined ? Promise.reject(failure) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The subscriber left (complete, socket closed). */
  return(): Promise<IteratorResult<ExecutionResult>> {
    this.queue.length = 0;
    this.end();
    this.leave(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

interface Group {
  members: Set<Member>;
  started: Promise<Result>;
  source?: AsyncIterator<ExecutionResult>;
  closed: boolean;
}

/** `subscribe`, with identical operations of one audience sharing one source subscription. */
export function multiplexSubscriptions(subscribe: Subscribe): Subscribe {
  const groups = new Map<string, Group>();

  const close = (key: string, group: Group) => {
    if (group.closed) return;
    group.closed = true;
    if (groups.get(key) === group) groups.delete(key);
    void group.source?.return?.();
  };

  const pump = async (key: string, group: Group, source: AsyncIterator<ExecutionResult>) => {
    let failure: unknown;
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) break;
        for (const member of group.members) member.push(next.value);
      }
    } catch (error) {
      failure = error ?? new Error('subscription source failed');
    }
    close(key, group);
    for (const member of group.members) member.end(failure);
  };

  const open = (key: string, args: ExecutionArgs): Group => {
    const group: Group = { members: new Set(), started: Promise.resolve(subscribe(args)), closed: false };
    groups.set(key, group);
    group.started.then(
      (result) => {
        if (!isAsyncIterable(result)) return close(key, group); // refused: the next subscriber asks again
        group.source = result[Symbol.asyncIterator]();
        if (group.closed) void group.source.return?.();
        else void pump(key, group, group.source);
      },
      () => close(key, group),
    );
    return group;
  };

  const multiplexed: Subscribe = async (args) => {
    const key = groupKeyOf(args);
    const group = groups.get(key) ?? open(key, args);
    const result = await group.started;
    if (!isAsyncIterable(result)) return result;
    if (group.closed) return multiplexed(args); // the source ended while this one was joining
    const member = new Member((left) => {
      group.members.delete(left);
      if (group.members.size === 0) close(key, group);
    });
    group.members.add(member);
    return member;
  };
  return multiplexed;
}
