// The dashboard's GraphQL client: queries and mutations over HTTP POST, subscriptions over
// graphql-ws, both on /graphql of the page's own origin, with the signed-in user's bearer token.
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../generated/graphql.js';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL or network failure, with the server's message and `extensions.code`. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface Api {
  request<T, V>(document: TypedDocumentString<T, V>, variables?: V): Promise<T>;
  subscribe<T, V>(document: TypedDocumentString<T, V>, variables: V | undefined, onData: (data: T) => void): () => void;
  /** Called on every (re)connection of the live socket: re-read what events may have been missed. */
  onConnected(listener: () => void): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  state(): ConnectionState;
  dispose(): void;
}

export interface ApiOptions {
  token: string;
  /** Called when the server says the token is no longer accepted (expired, revoked). */
  onUnauthenticated(message: string): void;
}

const endpoint = () => new URL('/graphql', window.location.href);

export function createApi({ token, onUnauthenticated }: ApiOptions): Api {
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const connectedListeners = new Set<() => void>();
  let state: ConnectionState = 'connecting';
  let everConnected = false;
  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  };

  const wsUrl = endpoint();
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws: Client = createClient({
    url: wsUrl.toString(),
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    // A restarting server comes back within seconds: retry quickly, at most every 3 s.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** retries, 3000))),
    shouldRetry: (event) => {
      const code = (event as CloseEvent | undefined)?.code;
      if (code === 4403 || code === 4401) {
        onUnauthenticated((event as CloseEvent).reason || 'token expired');
        return false;
      }
      return true;
    },
    onNonLazyError: () => {},
    on: {
      connecting: () => setState(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        setState('live');
        for (const listener of connectedListeners) listener();
      },
      closed: () => setState(everConnected ? 'reconnecting' : 'connecting'),
    },
  });

  const request = httpRequester(token, onUnauthenticated);

  function subscribe<T, V>(document: TypedDocumentString<T, V>, variables: V | undefined, onData: (data: T) => void) {
    return ws.subscribe<T>(
      { query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> },
      {
        next: (result) => {
          if (result.data) onData(result.data as T);
        },
        error: (error) => {
          const first = Array.isArray(error) ? (error[0] as GraphQLErrorShape | undefined) : undefined;
          if (first?.extensions?.code === 'UNAUTHENTICATED') onUnauthenticated(first.message);
        },
        complete: () => {},
      },
    );
  }

  return {
    request,
    subscribe,
    onConnected(listener) {
      connectedListeners.add(listener);
      return () => connectedListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    state: () => state,
    dispose() {
      setState('closed');
      void ws.dispose();
    },
  };
}

/** Queries and mutations over HTTP POST, without opening a socket (also the sign-in check). */
export function httpRequester(token: string, onUnauthenticated: (message: string) => void): Api['request'] {
  return async function request<T, V>(document: TypedDocumentString<T, V>, variables?: V): Promise<T> {
    let response: Response;
    try {
      response = await fetch(endpoint(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      });
    } catch {
      throw new ApiError('The server cannot be reached.', 'NETWORK');
    }
    let body: { data?: T | null; errors?: GraphQLErrorShape[] };
    try {
      body = await response.json();
    } catch {
      throw new ApiError(`The server answered ${response.status}.`, 'NETWORK');
    }
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      if (code === 'UNAUTHENTICATED') onUnauthenticated(error.message);
      throw new ApiError(error.message, code);
    }
    return body.data as T;
  };
}
