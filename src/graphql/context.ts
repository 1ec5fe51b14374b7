import type { Viewer } from '../auth/viewer.js';
import type { Runtime } from '../runtime.js';

/** What every resolver sees: the server's runtime, the authenticated viewer (or null) and the request id. */
export interface Context {
  runtime: Runtime;
  viewer: Viewer | null;
  requestId: string;
  /** How the operation arrived: subscriptions are only served over graphql-ws. */
  transport: 'http' | 'ws';
}
