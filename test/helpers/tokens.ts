// Real HS256 tokens signed with the test server's secret.
import { mintToken, type MintOptions } from '../../src/auth/jwt.js';

export const TEST_JWT_SECRET = 'opsloop-test-secret-do-not-use-in-production';
export const TEST_JWT = { secret: TEST_JWT_SECRET, issuer: 'opsloop', audience: 'opsloop' };

/** What every test server, in-process or replica, runs with unless a test says otherwise. */
export const TEST_SERVER_ENV = {
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  JWT_SECRET: TEST_JWT_SECRET,
  JOBS_ENABLED: 'false',
};

export function tokenFor(sub: string, role: MintOptions['role'], extra: Partial<MintOptions> = {}) {
  return mintToken(TEST_JWT, { sub, role, ...extra });
}
