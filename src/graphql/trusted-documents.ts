// Trusted documents (TRUSTED_DOCUMENTS, README "Trusted documents"). The manifest is the codegen
// client preset's persisted documents of the project's own clients ({ "<sha256>": "<document>" }),
// merged into trusted-documents.json by `npm run codegen` and copied into dist/ by the build.
// - off: any document runs (the manifest is not read);
// - allow: a manifest id runs its document, ad-hoc documents still run;
// - require: only manifest documents run, sent by id or as their exact text (what a client without
//   persisted-query support, like the dashboard, sends); anything else is PERSISTED_QUERY_REQUIRED.
// An id is `documentId` (GraphQL over HTTP trusted documents) or APQ's
// `extensions.persistedQuery.sha256Hash` (Apollo's and urql's persisted-query links); an unknown id
// is PERSISTED_QUERY_NOT_FOUND. HTTP goes through yoga's persisted-operations plugin; graphql-ws
// (which has no onParams) through trustedSubscribePayload, with the same answers.
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { ConfigError, type Config } from '../config.js';
import type { Runtime } from '../runtime.js';

export type TrustedDocumentsMode = Config['trustedDocuments']['mode'];

export interface TrustedDocuments {
  mode: TrustedDocumentsMode;
  /** Document text by id. */
  byId: ReadonlyMap<string, string>;
  /** Id by document text. */
  idByText: ReadonlyMap<string, string>;
}

const loaded = new WeakMap<Runtime, TrustedDocuments>();

/** The runtime's trusted documents, read once (a missing or malformed manifest stops the start). */
export function trustedDocumentsOf(rt: Runtime): TrustedDocuments {
  let trusted = loaded.get(rt);
  if (!trusted) {
    trusted = readManifest(rt.config.trustedDocuments);
    loaded.set(rt, trusted);
  }
  return trusted;
}

export function readManifest({ mode, manifest }: Config['trustedDocuments']): TrustedDocuments {
  if (mode === 'off') return { mode, byId: new Map(), idByText: new Map() };
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`TRUSTED_DOCUMENTS=${mode}: cannot read the manifest ${manifest} (${reason}): run \`npm run build\`, or set TRUSTED_DOCUMENTS_MANIFEST`);
  }
  if (!entries || typeof entries !== 'object' || Object.values(entries).some((text) => typeof text !== 'string')) {
    throw new ConfigError(`TRUSTED_DOCUMENTS_MANIFEST ${manifest}: expected a JSON object of document id to document text`);
  }
  const byId = new Map(Object.entries(entries as Record<string, string>));
  return { mode, byId, idByText: new Map([...byId].map(([id, text]) => [text, id])) };
}

type Params = { query?: string; extensions?: unknown; documentId?: unknown };

function idOf(params: Params): string | null {
  if (typeof params.documentId === 'string') return params.documentId;
  const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/** The manifest's text for an id: codegen's ids are "sha256:<hex>", APQ clients send the bare hex. */
function documentOf(trusted: TrustedDocuments, id: string): string | undefined {
  return trusted.byId.get(id) ?? trusted.byId.get(`sha256:${id}`);
}

const refusals = {
  required: () =>
    new GraphQLError('this server runs only trusted documents (TRUSTED_DOCUMENTS=require): send the id of a manifest document as documentId or extensions.persistedQuery.sha256Hash', {
      extensions: { code: 'PERSISTED_QUERY_REQUIRED', http: { status: 400 } },
    }),
  missing: () => new GraphQLError('send a query, or the id of a trusted document', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }),
  notFound: (id: string | null) =>
    new GraphQLError(`no trusted document with id ${JSON.stringify(String(id).slice(0, 80))}: add it to the manifest (npm run codegen)`, {
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
    }),
};

/** HTTP: yoga's persisted-operations plugin, preceded by the exact-text rule of `require`. */
export function trustedDocumentPlugins(trusted: TrustedDocuments): Plugin[] {
  if (trusted.mode === 'off') return [];
  const byText: Plugin = {
    onParams({ params, setParams }) {
      const id = params.query ? trusted.idByText.get(params.query) : undefined;
      if (id) setParams({ ...params, query: undefined, documentId: id } as GraphQLParams);
    },
  };
  return [
    ...(trusted.mode === 'require' ? [byText] : []),
    usePersistedOperations({
      allowArbitraryOperations: trusted.mode === 'allow',
      extractPersistedOperationId: (params) => idOf(params as Params),
      getPersistedOperation: (id) => documentOf(trusted, id) ?? null,
      customErrors: {
        persistedQueryOnly: refusals.required,
        keyNotFound: refusals.missing,
        notFound: (payload) => refusals.notFound(idOf(payload.params as Params)),
      },
    }),
  ];
}

/**
 * graphql-ws: the same rules for a subscribe message (its `query` is a string, '' when only an id
 * is sent). Sets `payload.query` to the manifest's text for an id; returns the refusal otherwise.
 */
export function trustedSubscribePayload(rt: Runtime, payload: Params & { query: string }): GraphQLError[] | undefined {
  const trusted = trustedDocumentsOf(rt);
  if (trusted.mode === 'off') return undefined;
  if (payload.query) return trusted.mode === 'allow' || trusted.idByText.has(payload.query) ? undefined : [refusals.required()];
  const id = idOf(payload);
  if (!id) return [refusals.missing()];
  const text = documentOf(trusted, id);
  if (!text) return [refusals.notFound(id)];
  payload.query = text;
  return undefined;
}
