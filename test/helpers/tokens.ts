// Real HS256 tokens signed with the test server's secret.
import { mintToken, type MintOptions } from '../../src/auth/jwt.js';

export const TEST_JWT_SECRET = 'opsloop-test-secret-do-not-use-in-production';
export const TEST_JWT = { secret: TEST_JWT_SECRET, issuer: 'opsloop', audience: 'opsloop' };

export function tokenFor(sub: string, role: MintOptions['role'], extra: Partial<MintOptions> = {}) {
  return mintToken(TEST_JWT, { sub, role, ...extra });
}
