// Public ids: a prefix and 8 characters of Crockford base32 (no I, L, O, U), e.g. ACT-7K2M9QXD.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix = 'ACT' | 'SR' | 'KB' | 'PRB' | 'INC' | 'ANM' | 'RUN' | 'LL' | 'DLG';

/** Matches a well-formed public id of this prefix (upper case). */
export function publicIdPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}-[${ALPHABET}]{8}$`);
}

export function publicId(prefix: IdPrefix): string {
  const bytes = randomBytes(8);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % 32];
  return `${prefix}-${suffix}`;
}
