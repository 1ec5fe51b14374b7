import type { Viewer } from '../auth/viewer.js';
import type { Runtime } from '../runtime.js';

/** What every resolver sees: the server's runtime, the authenticated viewer (or null) and the request id. */
export interface Context {
  runtime: Runtime;
  viewer: Viewer | null;
  requestId: string;
  /** How the operation arrived: graphql-ws, or HTTP (subscriptions then as Server-Sent Events). */
  transport: 'http' | 'ws';
}
