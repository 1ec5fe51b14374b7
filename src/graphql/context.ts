import type { Viewer } from '../auth/viewer.js';

/** What every resolver sees: the authenticated viewer (or null) and the request id. */
export interface Context {
  viewer: Viewer | null;
  requestId: string;
  /** How the operation arrived: subscriptions are only served over graphql-ws. */
  transport: 'http' | 'ws';
}
