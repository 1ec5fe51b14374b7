// The server's audit signing key (Ed25519, node:crypto): AUDIT_SIGNING_KEY when set (PEM or JWK;
// every replica must share it), else one generated once into DATA_DIR/audit-signing-key.pem, like
// the development JWT secret. Its public half is published as a JWK at
// /.well-known/opsloop-audit-key (audit-key.route.ts) so an auditor can verify the trail offline.
// Signatures are over the 32 bytes of an entry's SHA-256 hash, base64url.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import type { Config } from '../../config.js';

export const AUDIT_KEY_FILE = 'audit-signing-key.pem';

export interface AuditSigner {
  /** RFC 7638 thumbprint of the public JWK: recorded on each entry it signs. */
  keyId: string;
  /** The public key as a JWK (kty OKP, crv Ed25519, kid, alg EdDSA, use sig). */
  publicJwk: JsonWebKey & { kid: string; alg: 'EdDSA'; use: 'sig' };
  /** Where the key came from, for the start-up log: the setting or the file. */
  source: string;
  sign(hashHex: string): string;
  verify(hashHex: string, signature: string): boolean;
}

const signers = new WeakMap<object, Promise<AuditSigner>>();

/** The signer of this configuration (one per server: loaded or generated once, then kept). */
export function auditSigner(config: Pick<Config, 'auditSigningKey' | 'dataDir'>): Promise<AuditSigner> {
  let signer = signers.get(config);
  if (!signer) {
    signer = makeSigner(config);
    signers.set(config, signer);
  }
  return signer;
}

async function makeSigner(config: Pick<Config, 'auditSigningKey' | 'dataDir'>): Promise<AuditSigner> {
  const { key, source } = config.auditSigningKey ? { key: config.auditSigningKey, source: 'AUDIT_SIGNING_KEY' } : loadOrCreateKeyFile(config.dataDir);
  const publicKey = createPublicKey(key);
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = await calculateJwkThumbprint({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! } as Parameters<typeof calculateJwkThumbprint>[0]);
  return {
    keyId: kid,
    publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: 'EdDSA', use: 'sig' },
    source,
    sign: (hashHex) => sign(null, Buffer.from(hashHex, 'hex'), key).toString('base64url'),
    verify: (hashHex, signature) => {
      try {
        return verify(null, Buffer.from(hashHex, 'hex'), publicKey, Buffer.from(signature, 'base64url'));
      } catch {
        return false;
      }
    },
  };
}

/** The key file in DATA_DIR, created (mode 600) when missing; a concurrent creator's file wins. */
function loadOrCreateKeyFile(dataDir: string): { key: KeyObject; source: string } {
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  const read = () => ({ key: createPrivateKey(readFileSync(file, 'utf8')), source: file });
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: not a readable Ed25519 private key (${(error as Error).message})`);
  }
  mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  // Written aside, then linked into place: a reader never sees half a key, and of two processes
  // creating it at once the first link wins and the other reads that one.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  try {
    linkSync(partial, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(partial, { force: true });
  }
  return read();
}
