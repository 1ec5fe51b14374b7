// The verified-token cache: a token is verified once and its viewer kept until the token expires;
// the cache is bounded (least recently used leaves first) and never keeps a failure.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, VerifiedTokenCache } from '../src/auth/authenticate.js';
import type { Viewer } from '../src/auth/viewer.js';
import { loadConfig } from '../src/config.js';
import { TEST_JWT_SECRET, TEST_SERVER_ENV, tokenFor } from './helpers/tokens.js';

const viewer = (username: string, expiresAt: number): Viewer => ({ username, role: 'VIEWER', instId: null, expiresAt });

describe('VerifiedTokenCache', () => {
  it('keeps a viewer until its token expires', () => {
    const cache = new VerifiedTokenCache();
    cache.set('t', viewer('vera', 100));
    expect(cache.get('t', 99_999)?.username).toBe('vera');
    expect(cache.get('t', 100_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('is bounded: the least recently used token leaves first', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', viewer('a', 1e10));
    cache.set('b', viewer('b', 1e10));
    cache.get('a', 0); // a is now the most recently used
    cache.set('c', viewer('c', 1e10));
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)?.username).toBe('a');
    expect(cache.get('c', 0)?.username).toBe('c');
  });
});

describe('createAuthenticator', () => {
  // No clock skew: the token is refused the second it expires (the cache keeps it at most until exp).
  const config = loadConfig({ ...TEST_SERVER_ENV, DATA_DIR: '/tmp/opsloop-auth-cache-test', JWT_CLOCK_SKEW_SECONDS: '0' });

  it('answers the same viewer for the same token, and each caller is still told', async () => {
    const told: string[] = [];
    const authenticate = createAuthenticator(config, async (v) => void told.push(v.username));
    const token = await tokenFor('alice', 'ADMIN');
    const first = await authenticate(token);
    const second = await authenticate(token);
    expect(second).toBe(first);
    expect(first).toMatchObject({ username: 'alice', role: 'ADMIN' });
    expect(told).toEqual(['alice', 'alice']);
  });

  it('never keeps a failure: a bad token fails every time, a good one after it passes', async () => {
    const authenticate = createAuthenticator(config, async () => {});
    const forged = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('opsloop')
      .setAudience('opsloop')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(`${TEST_JWT_SECRET}-not`));
    await expect(authenticate(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(authenticate(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await authenticate(await tokenFor('bob', 'PM'))).toMatchObject({ username: 'bob' });
  });

  it('refuses a cached token once it has expired', async () => {
    const authenticate = createAuthenticator(config, async () => {});
    const token = await tokenFor('carol', 'ENGINEER', { expiresIn: '1s' });
    expect(await authenticate(token)).toMatchObject({ username: 'carol' });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expect(authenticate(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
