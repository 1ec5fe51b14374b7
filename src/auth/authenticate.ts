// Authentication of one caller: verify the bearer token, then tell the caller's hook (the server
// records the user, so chat-ops and assignment know them). A bad token is an error; a missing one
// is anonymous (null).
import type { Config } from '../config.js';
import { createTokenVerifier, loadOrCreateSecret } from './jwt.js';
import type { Viewer } from './viewer.js';

export type Authenticate = (token: string | undefined) => Promise<Viewer | null>;

/** Tokens whose verified viewer is kept (a few MB at most). */
const VERIFIED_TOKENS = 10_000;

/**
 * Verified viewers by token, least recently used first, each until its token expires: a client
 * sends the same token with every request, and verifying it (HMAC or signature through WebCrypto)
 * was the largest cost of a small request. Only successes are kept: a bad token is verified again.
 */
export class VerifiedTokenCache {
  private readonly viewers = new Map<string, Viewer>();

  constructor(private readonly capacity = VERIFIED_TOKENS) {}

  get(token: string, nowMs: number): Viewer | undefined {
    const viewer = this.viewers.get(token);
    if (!viewer) return undefined;
    this.viewers.delete(token);
    if (viewer.expiresAt * 1000 <= nowMs) return undefined;
    this.viewers.set(token, viewer); // most recently used last
    return viewer;
  }

  set(token: string, viewer: Viewer): void {
    this.viewers.delete(token);
    this.viewers.set(token, viewer);
    if (this.viewers.size > this.capacity) this.viewers.delete(this.viewers.keys().next().value!);
  }

  get size(): number {
    return this.viewers.size;
  }
}

export function createAuthenticator(config: Config, onAuthenticated: (viewer: Viewer) => Promise<void>): Authenticate {
  const { jwt, dataDir } = config;
  const secret = jwt.jwksUrl ? jwt.secret : (jwt.secret ?? loadOrCreateSecret(dataDir));
  const verifyToken = createTokenVerifier({ ...jwt, secret });
  const verified = new VerifiedTokenCache();
  return async (token) => {
    if (!token) return null;
    // Token expiry is wall-clock time, as jose checks it.
    let viewer = verified.get(token, Date.now());
    if (!viewer) {
      viewer = await verifyToken(token);
      verified.set(token, viewer);
    }
    await onAuthenticated(viewer);
    return viewer;
  };
}
