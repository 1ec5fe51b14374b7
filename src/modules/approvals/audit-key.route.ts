// GET /.well-known/opsloop-audit-key: the public half of the audit signing key, as a JWK (kty OKP,
// crv Ed25519, kid = its RFC 7638 thumbprint, alg EdDSA). Public, no token: an auditor verifies
// the audit trail offline with it (README "Audit chain"). The server's assembly lists this route
// and loads the key at start (`prepareAuditKey`), so a bad key stops the server, not a decision.
import type { HttpRoute } from '../../http/routes.js';
import type { Runtime } from '../../runtime.js';
import { auditSigner } from './audit-key.js';

export const AUDIT_KEY_PATH = '/.well-known/opsloop-audit-key';

/** Loads (or generates) the signing key now and says where it came from. */
export async function prepareAuditKey(rt: Runtime): Promise<void> {
  const signer = await auditSigner(rt.config);
  rt.logger.info({ keyId: signer.keyId, source: signer.source }, 'audit signing key loaded');
  if (rt.config.databaseUrl && !rt.config.auditSigningKey) {
    rt.logger.warn(
      { keyId: signer.keyId, source: signer.source },
      'AUDIT_SIGNING_KEY is not set: this replica signs the audit trail with the key in its DATA_DIR; replicas of one database must share one key (set AUDIT_SIGNING_KEY), or they report each other\'s entries as signed by another key',
    );
  }
}

export function auditKeyRoute(rt: Runtime): HttpRoute {
  return {
    method: 'GET',
    path: AUDIT_KEY_PATH,
    handle: async (_request, _body, response) => {
      const body = JSON.stringify((await auditSigner(rt.config)).publicJwk);
      response.writeHead(200, { 'content-type': 'application/jwk+json', 'cache-control': 'public, max-age=300', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    },
  };
}
