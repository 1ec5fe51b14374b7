// Bearer JWT verification with jose: HS256 with a shared secret, or RS256/ES256 keys from a JWKS
// URL. Algorithms are pinned; iss, aud and exp are required. Claims are data from outside: each
// time claim must be a whole number of seconds in a sane range, the lifetime (exp - iat) is at most
// JWT_MAX_LIFETIME and the issued-at is not in the future (beyond JWT_CLOCK_SKEW). A token without
// iat is accepted when it expires within JWT_MAX_LIFETIME from now, and counts as issued at
// exp - JWT_MAX_LIFETIME (the earliest it can have been), so it never outranks a dated token.
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
  /** Longest accepted token lifetime (exp - iat), seconds. */
  maxLifetimeSeconds?: number;
  /** Clock difference tolerated between the issuer and this server, seconds. */
  clockSkewSeconds?: number;
}

export const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600;
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

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

/** Latest instant a time claim may name: 9999-12-31 (a Date and a PostgreSQL timestamp hold it). */
const MAX_EPOCH_SECONDS = 253_402_300_799;
const epochSeconds = z.number().int('must be whole seconds').min(0, 'must not be before 1970').max(MAX_EPOCH_SECONDS, 'must be before year 10000');
/** Institution ids are PostgreSQL integers. */
const MAX_INSTITUTION = 2_147_483_647;

const Claims = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  inst: z.number().int().min(0).max(MAX_INSTITUTION).nullable().optional(),
  exp: epochSeconds,
  iat: epochSeconds.optional(),
  nbf: epochSeconds.optional(),
});

export type VerifyToken = (token: string) => Promise<Viewer>;

export function createTokenVerifier(settings: JwtSettings): VerifyToken {
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  const skew = settings.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const options = { issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp', 'sub'], clockTolerance: skew };
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
    const { sub, role, inst, exp, iat } = claims.data;
    const issuedAt = checkLifetime(exp, iat, maxLifetime, skew, Math.floor(Date.now() / 1000));
    return { username: sub, role, instId: inst ?? null, expiresAt: exp, issuedAt };
  };
}

/** The token's issued-at (or its earliest possible one when absent), after the lifetime checks. */
function checkLifetime(exp: number, iat: number | undefined, maxLifetime: number, skew: number, now: number): number {
  if (iat === undefined) {
    if (exp - now > maxLifetime) throw new UnauthenticatedError(`invalid token: without iat, exp must be within ${maxLifetime} s from now (JWT_MAX_LIFETIME)`);
    return exp - maxLifetime;
  }
  if (iat > now + skew) throw new UnauthenticatedError('invalid token: iat is in the future');
  if (exp <= iat) throw new UnauthenticatedError('invalid token: exp must be after iat');
  if (exp - iat > maxLifetime) throw new UnauthenticatedError(`invalid token: lifetime ${exp - iat} s exceeds ${maxLifetime} s (JWT_MAX_LIFETIME)`);
  return iat;
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
  /** Issued-at, epoch seconds (default: now). */
  iat?: number;
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
    .setIssuedAt(options.iat)
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(settings.secret));
}
