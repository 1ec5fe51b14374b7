// Authentication of one caller: verify the bearer token, then tell the caller's hook (the server
// records the user, so chat-ops and assignment know them). A bad token is an error; a missing one
// is anonymous (null).
import type { Config } from '../config.js';
import { createTokenVerifier, loadOrCreateSecret } from './jwt.js';
import type { Viewer } from './viewer.js';

export type Authenticate = (token: string | undefined) => Promise<Viewer | null>;

export function createAuthenticator(config: Config, onAuthenticated: (viewer: Viewer) => Promise<void>): Authenticate {
  const { jwt, dataDir } = config;
  const secret = jwt.jwksUrl ? jwt.secret : (jwt.secret ?? loadOrCreateSecret(dataDir));
  const verifyToken = createTokenVerifier({ ...jwt, secret });
  return async (token) => {
    if (!token) return null;
    const viewer = await verifyToken(token);
    await onAuthenticated(viewer);
    return viewer;
  };
}
