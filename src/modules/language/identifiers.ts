// Named identifiers in Korean or English text: the host, service, database and address names an
// operator writes (billing-api, db-prod-01, 10.0.0.15, mail.example.com, max_connections), taken
// from the keyword extraction's technical keywords. Words of the lexicon (vpn, api), bare acronyms
// (MTU, CRM), plain numbers (502, 200), versions (v4.2) and opsloop's own public ids (SR-…, ACT-…)
// name no resource. Pure.
import { isLexiconKeyword, requestKeywords } from './keywords.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const NUMBER_OR_VERSION = /^v?\d+(?:[._]\d+)*[a-z]?$/;
const OPSLOOP_ID = /^(?:act|sr|kb|inc|run|anm|prb|ll)-[0-9a-z]{8}$/;

/** A keyword that names a resource (see above). */
export function isNamedIdentifier(keyword: string): boolean {
  if (IPV4.test(keyword)) return true;
  if (keyword.length < 3 || !/[a-z]/.test(keyword) || NUMBER_OR_VERSION.test(keyword) || OPSLOOP_ID.test(keyword)) return false;
  // A bare word (an acronym such as MTU or CRM, a product) is a topic; a name has a digit or a separator.
  return /[-_.]|\d/.test(keyword) && !isLexiconKeyword(keyword);
}

/** The named identifiers of a text, lower-cased, in order of first appearance. */
export function namedIdentifiers(text: string): string[] {
  return requestKeywords('', text)
    .filter((keyword) => keyword.tech && isNamedIdentifier(keyword.keyword))
    .map((keyword) => keyword.keyword);
}

/**
 * The names a target is known by: its identifiers, and the target itself when it is one word
 * (`invoices`, `billing-api`). Empty for no target.
 */
export function targetNames(target: string | null | undefined): string[] {
  if (!target?.trim()) return [];
  const names = namedIdentifiers(target);
  const whole = target.trim().toLowerCase();
  if (!/\s/.test(whole) && !names.includes(whole)) names.unshift(whole);
  return names;
}

/**
 * The family of an identifier: without its trailing instance or version number (web-01 → web,
 * db-prod-01 → db-prod, payment-gw-v2 → payment-gw); null for addresses.
 */
export function identifierFamily(identifier: string): string | null {
  if (IPV4.test(identifier)) return null;
  const family = identifier.replace(/(?:[-_.]v\d+|[-_.]?\d+)+$/, '');
  return family.length >= 3 && /[a-z]/.test(family) ? family : null;
}

/** Its parents at separators, longest first (billing-api-canary → billing-api, billing), at least 4 characters. */
export function identifierParents(identifier: string): string[] {
  if (IPV4.test(identifier)) return [];
  const parents: string[] = [];
  for (let end = identifier.search(/[-_.][^-_.]*$/); end >= 4; end = identifier.slice(0, end).search(/[-_.][^-_.]*$/)) {
    parents.push(identifier.slice(0, end));
  }
  return parents;
}

/**
 * How two identifiers relate: SAME, RELATED (siblings of one family such as web-01 and web-02, or
 * one the parent of the other such as billing-api and billing-api-canary), or null.
 */
export function identifierRelation(left: string, right: string): 'SAME' | 'RELATED' | null {
  if (left === right) return 'SAME';
  const family = identifierFamily(left);
  if (family && family === identifierFamily(right)) return 'RELATED';
  if (identifierParents(left).includes(right) || identifierParents(right).includes(left)) return 'RELATED';
  return null;
}
