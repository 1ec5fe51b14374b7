// Relay global object identification on opsloop's own public ids: `node(id: "ACT-…")` works with
// the ids clients already have. Types whose key is a public id (ACT-, SR-, …) use it unchanged;
// rows with integer (or name) keys get a prefix of their own (PAT-42, USR-alice). Prefixes are
// unique, so the prefix alone names the type. The Node queries authorize like each type's own query.
import type { GraphQLResolveInfo } from 'graphql';
import { can, type Permission } from '../auth/permissions.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Context } from './context.js';

interface NodeKind {
  typename: string;
  prefix: string;
  /** The stored key already is the public id (ACT-XXXXXXXX): used as it is, in upper case. */
  keyIsPublicId: boolean;
  /** The key after the prefix: a positive int4 (row ids) or any text (usernames). */
  key: 'publicId' | 'int' | 'text';
}

const KINDS: NodeKind[] = [
  { typename: 'AutoAction', prefix: 'ACT', keyIsPublicId: true, key: 'publicId' },
  { typename: 'ServiceRequest', prefix: 'SR', keyIsPublicId: true, key: 'publicId' },
  { typename: 'KbArticle', prefix: 'KB', keyIsPublicId: true, key: 'publicId' },
  { typename: 'Incident', prefix: 'INC', keyIsPublicId: true, key: 'publicId' },
  { typename: 'AutoCycleRun', prefix: 'RUN', keyIsPublicId: true, key: 'publicId' },
  { typename: 'Anomaly', prefix: 'ANM', keyIsPublicId: true, key: 'publicId' },
  { typename: 'Problem', prefix: 'PRB', keyIsPublicId: true, key: 'publicId' },
  { typename: 'Lesson', prefix: 'LL', keyIsPublicId: true, key: 'publicId' },
  { typename: 'ApprovalDelegation', prefix: 'DLG', keyIsPublicId: true, key: 'publicId' },
  { typename: 'Pattern', prefix: 'PAT', keyIsPublicId: false, key: 'int' },
  { typename: 'Feedback', prefix: 'FB', keyIsPublicId: false, key: 'int' },
  { typename: 'Threshold', prefix: 'THR', keyIsPublicId: false, key: 'int' },
  { typename: 'Team', prefix: 'TEAM', keyIsPublicId: false, key: 'int' },
  { typename: 'RiskPolicy', prefix: 'POL', keyIsPublicId: false, key: 'int' },
  { typename: 'User', prefix: 'USR', keyIsPublicId: false, key: 'text' },
];

const byTypename = new Map(KINDS.map((kind) => [kind.typename, kind]));
const byPrefix = new Map(KINDS.map((kind) => [kind.prefix, kind]));

/** The prefixes, for messages and docs: "ACT-, SR-, …". */
export const NODE_ID_PREFIXES = KINDS.map((kind) => `${kind.prefix}-`).join(', ');

/** Decoded Node id; `typename` is '' when the id names no type (refused as BAD_USER_INPUT). */
export interface DecodedGlobalId {
  typename: string;
  id: string;
  globalId: string;
}

export function encodeGlobalId(typename: string, id: bigint | number | string): string {
  const kind = byTypename.get(typename);
  if (!kind) throw new Error(`no global id prefix for ${typename} (src/graphql/global-ids.ts)`);
  return kind.keyIsPublicId ? String(id) : `${kind.prefix}-${id}`;
}

const MAX_ROW_ID = 2_147_483_647;

export function decodeGlobalId(globalId: string): DecodedGlobalId {
  const text = globalId.trim();
  const dash = text.indexOf('-');
  const kind = dash > 0 ? byPrefix.get(text.slice(0, dash).toUpperCase()) : undefined;
  const rest = dash > 0 ? text.slice(dash + 1) : '';
  if (!kind || !rest) return { typename: '', id: text, globalId };
  if (kind.keyIsPublicId) return { typename: kind.typename, id: text.toUpperCase(), globalId };
  if (kind.key === 'int' && !(/^[1-9][0-9]{0,9}$/.test(rest) && Number(rest) <= MAX_ROW_ID)) return { typename: '', id: text, globalId };
  return { typename: kind.typename, id: rest, globalId };
}

/** The integer key of a row from an id argument given as its global id (PAT-42) or, as before, the bare number ("42"). */
export function stripGlobalIdPrefix(raw: string, typename: string): string {
  const kind = byTypename.get(typename);
  const text = raw.trim();
  if (!kind || kind.keyIsPublicId) return text;
  return text.toUpperCase().startsWith(`${kind.prefix}-`) ? text.slice(kind.prefix.length + 1) : text;
}

interface TypeScopes {
  permission?: Permission;
}

/**
 * Why the viewer may not have this id, decided before anything is read: an id of no type is
 * BAD_USER_INPUT; a type whose permission the role lacks is FORBIDDEN (as its own query would be,
 * whether the row exists or not). Data-dependent rules (a REQUESTER's own requests) are in the
 * type's node loader, where a row the viewer may not see is not found.
 */
function refusal(decoded: DecodedGlobalId | null, context: Context, info: GraphQLResolveInfo, field: string): Error | null {
  if (!decoded) return null;
  if (!decoded.typename) {
    return new BadInputError(field, `"${decoded.globalId.slice(0, 60)}" is not an opsloop id (one of ${NODE_ID_PREFIXES} and its key)`);
  }
  const scopes = (info.schema.getType(decoded.typename)?.extensions as { pothosOptions?: { authScopes?: TypeScopes } } | undefined)?.pothosOptions?.authScopes;
  if (scopes && typeof scopes === 'object' && scopes.permission && !can(context.viewer?.role, scopes.permission)) {
    return new ForbiddenError(`role ${context.viewer?.role} may not read ${decoded.typename} (${decoded.globalId.slice(0, 60)})`);
  }
  return null;
}

type ResolveNodes = () => Promise<unknown[]> | unknown[];

/**
 * `nodes(ids:)`: each id answered in place, refused ids (and unknown ones) as null with their error
 * at `nodes[i]`, loaded in one statement per type.
 */
export async function resolveAuthorizedNodes(
  ids: Array<DecodedGlobalId | null>,
  context: Context,
  info: GraphQLResolveInfo,
  field: string,
  load: ResolveNodes,
): Promise<Array<unknown>> {
  const refusals = ids.map((decoded, i) => refusal(decoded, context, info, `${field}[${i}]`));
  refusals.forEach((error, i) => {
    if (error) ids[i] = null;
  });
  const loaded = await load();
  return loaded.map((node, i) => {
    if (refusals[i]) return refusals[i];
    if (node == null && ids[i]) return new NotFoundError(ids[i]!.typename, ids[i]!.id);
    return node;
  });
}

/** `node(id:)`: the node, or its error (the field is then null). */
export async function resolveAuthorizedNode(id: DecodedGlobalId, context: Context, info: GraphQLResolveInfo, load: () => unknown): Promise<unknown> {
  const error = refusal(id, context, info, 'id');
  if (error) throw error;
  const node = await load();
  if (node == null) throw new NotFoundError(id.typename, id.id);
  return node;
}
