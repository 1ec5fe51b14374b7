// The yoga app: schema, error masking, limits, what is left of CSRF (request-policy.ts), SSE
// subscriptions (event-stream.ts), trusted documents, GraphiQL, and one context factory for HTTP
// and graphql-ws (graphql-ws passes its socket's identity as `ws`).
import { randomUUID } from 'node:crypto';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import type { Authenticate } from '../auth/authenticate.js';
import { renderGraphiQLPage } from '../http/graphiql.js';
import { bearerToken } from '../auth/jwt.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError } from '../errors.js';
import { requestScope } from '../logger.js';
import type { Runtime } from '../runtime.js';
import type { Context } from './context.js';
import { maskError, toGraphQLError } from './errors.js';
import { useEventStreamSubscriptions } from './event-stream.js';
import { useOperationGuard } from './guards.js';
import { limitPlugins } from './limits.js';
import { useOperationObserver } from './observe.js';
import { useJsonBodiesOnly } from './request-policy.js';
import { trustedDocumentPlugins, trustedDocumentsOf } from './trusted-documents.js';

export const GRAPHQL_PATH = '/graphql';

/** The identity a graphql-ws operation runs with (from connection_init, or the operation's own token). */
export interface OperationAuth {
  viewer: Viewer | null;
  authError: DomainError | null;
}

export type ServerContext = { ws?: OperationAuth };

export function createYogaApp(rt: Runtime, schema: GraphQLSchema, authenticate: Authenticate) {
  const { config, logger } = rt;
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: config.graphiql ? { subscriptionsProtocol: 'WS', title: 'opsloop' } : false,
    // GraphiQL from the npm package, as a small page and hashed assets (the default page loads them from a CDN).
    renderGraphiQL: renderGraphiQLPage,
    // Browsers may call the API cross-origin only from CORS_ORIGINS; credentials (cookies) are never
    // needed — authentication is the bearer token.
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (!origin || !config.corsOrigins.includes(origin)) return false;
      return { origin, credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'], maxAge: 600 };
    },
    landingPage: false,
    batching: false,
    // The Node server reads the body within MAX_BODY_BYTES before yoga sees it (node-server.ts).
    maxRequestBodySize: false,
    // Yoga logs at debug on every request: its arguments are only joined when the level is on.
    logging: {
      debug: (...args) => logger.isLevelEnabled('debug') && logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    maskedErrors: { maskError: (error, message) => maskError(error, message, logger) },
    plugins: [
      useOperationObserver(rt),
      useJsonBodiesOnly(),
      ...trustedDocumentPlugins(trustedDocumentsOf(rt)),
      useEventStreamSubscriptions(),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
      ...limitPlugins(rt),
      useOperationGuard(),
    ],
    context: async ({ request, ws }): Promise<Context> => {
      const requestId = requestScope.getStore()?.requestId ?? randomUUID();
      if (ws) {
        if (ws.authError) throw toGraphQLError(ws.authError);
        return { runtime: rt, viewer: ws.viewer, requestId, transport: 'ws' };
      }
      try {
        return { runtime: rt, viewer: await authenticate(bearerToken(request.headers.get('authorization'))), requestId, transport: 'http' };
      } catch (error) {
        if (error instanceof DomainError) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
        }
        throw error;
      }
    },
  });
}

export type YogaApp = ReturnType<typeof createYogaApp>;
