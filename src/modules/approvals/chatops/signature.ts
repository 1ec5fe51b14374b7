// Chat-ops request authentication: HMAC-SHA256 over "<timestamp>.<raw body>" with the shared
// secret, compared in constant time, and a 5-minute window against replays of old requests.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 300;

export function signChatopsRequest(secret: string, timestamp: string | number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyChatopsSignature(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'missing or malformed X-Opsloop-Timestamp (unix seconds)' };
  if (Math.abs(nowSeconds - Number(timestampHeader)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'X-Opsloop-Timestamp is outside the 5-minute window' };
  }
  if (!signatureHeader || !/^sha256=[0-9a-fA-F]{64}$/.test(signatureHeader)) {
    return { ok: false, reason: 'missing or malformed X-Opsloop-Signature (sha256=<hex>)' };
  }
  const expected = Buffer.from(signChatopsRequest(secret, timestampHeader, body).slice('sha256='.length), 'hex');
  const given = Buffer.from(signatureHeader.slice('sha256='.length), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
