// Subscriptions over Server-Sent Events: GraphQL over SSE in its "distinct connections" mode, yoga's
// own HTTP transport (POST or GET /graphql with `Accept: text/event-stream`; the graphql-sse client's
// default). They go through the same envelop pipeline as graphql-ws — bearer token, guard, limits —
// and follow its expiry rule: graphql-ws closes the socket (4403) when the token expires; here the
// stream sends a last event with UNAUTHENTICATED and ends. At shutdown (yoga.dispose) streams end.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import type { Context } from './context.js';

type Results = AsyncIterable<ExecutionResult>;

function isAsyncIterable(value: unknown): value is Results {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export function tokenExpiredResult(): ExecutionResult {
  return {
    errors: [new GraphQLError('token expired: the stream has ended; subscribe again with a fresh token', { extensions: { code: 'UNAUTHENTICATED' } })],
  };
}

export function useEventStreamSubscriptions(): Plugin<Context> {
  const live = new Set<() => void>();
  return {
    onSubscribe({ args }) {
      const context = args.contextValue as Context;
      if (context.transport !== 'http') return undefined;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(endAtExpiry(result, context.viewer, live));
        },
      };
    },
    onDispose() {
      for (const end of [...live]) end();
    },
  };
}

/** The source's results until the viewer's token expires (then one UNAUTHENTICATED result), or until ended. */
function endAtExpiry(source: Results, viewer: Viewer | null, live: Set<() => void>): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  let stop!: (reason: 'expired' | 'ended') => void;
  const stopped = new Promise<'expired' | 'ended'>((resolve) => (stop = resolve));
  const end = () => stop('ended');
  live.add(end);
  const arm = () => {
    // setTimeout holds at most ~24.8 days: re-arm until the expiry is reached.
    const wait = viewer!.expiresAt * 1000 - Date.now();
    if (wait <= 0) return stop('expired');
    timer = setTimeout(arm, Math.min(wait, 2 ** 31 - 1));
    timer.unref();
  };
  if (viewer) arm();
  const finish = async () => {
    finished = true;
    clearTimeout(timer);
    live.delete(end);
    await iterator.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return { done: true, value: undefined };
      const next = await Promise.race([iterator.next(), stopped]);
      if (next === 'expired') {
        await finish();
        return { done: false, value: tokenExpiredResult() };
      }
      if (next === 'ended' || next.done) {
        await finish();
        return { done: true, value: undefined };
      }
      return next;
    },
    async return() {
      if (!finished) await finish();
      return { done: true, value: undefined };
    },
  };
}
