// Bearer JWT verification with jose: HS256 with a shared secret, or RS256/ES256 keys from a JWKS
// URL. Algorithms are pinned; iss, aud and exp are required.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { UnauthenticatedError } from '../errors.js';
import { ROLES } from './permissions.js';
import type { Viewer } from './viewer.js';

export interface JwtSettings {
  secret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

const SECRET_FILE = 'jwt-secret';

/** The development secret kept in the data folder, created once when none is configured. */
export function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

const Claims = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  inst: z.number().int().nullable().optional(),
  exp: z.number(),
});

export type VerifyToken = (token: string) => Promise<Viewer>;

export function createTokenVerifier(settings: JwtSettings): VerifyToken {
  const options = { issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp', 'sub'] };
  let verify: (token: string) => Promise<JWTPayload>;
  if (settings.jwksUrl) {
    const keys = createRemoteJWKSet(new URL(settings.jwksUrl));
    verify = async (token) => (await jwtVerify(token, keys, { ...options, algorithms: ['RS256', 'ES256'] })).payload;
  } else if (settings.secret) {
    const key = new TextEncoder().encode(settings.secret);
    verify = async (token) => (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
  } else {
    throw new Error('JWT verification needs a secret or a JWKS URL');
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      throw new UnauthenticatedError(describeJoseError(error));
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      throw new UnauthenticatedError(`invalid token claims: ${claims.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`);
    }
    return {
      username: claims.data.sub,
      role: claims.data.role,
      instId: claims.data.inst ?? null,
      expiresAt: claims.data.exp,
    };
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `invalid token: ${error.claim} claim check failed`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'invalid token: algorithm not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'invalid token: signature verification failed';
  return 'invalid token';
}

/** Extracts the token from an `Authorization: Bearer <jwt>` value; undefined when absent. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
  return match[1];
}

export interface MintOptions {
  sub: string;
  role: (typeof ROLES)[number];
  inst?: number;
  expiresIn?: string | number;
}

/** Signs an HS256 token (development CLI and tests). */
export async function mintToken(settings: Pick<JwtSettings, 'issuer' | 'audience'> & { secret: string }, options: MintOptions) {
  const claims: Record<string, unknown> = { role: options.role };
  if (options.inst !== undefined) claims.inst = options.inst;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(settings.secret));
}
