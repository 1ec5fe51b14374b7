// Query limits hold on both transports: a query over the alias, token, depth or page-size limits
// is refused before it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/graphql/limits.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { tokenFor } from './helpers/tokens.js';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  token = await tokenFor('alice', 'ADMIN');
});
afterAll(() => server?.stop());

const tooManyAliases = `{ ${Array.from({ length: LIMITS.maxAliases + 5 }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
const tooManyTokens = `{ me { ${Array.from({ length: LIMITS.maxTokens }, () => 'username').join(' ')} } }`;
// Problem -> pattern -> problem -> … is a cycle in the schema, so depth is only bounded by the limit.
const tooDeep = `{ problems(first: 1) { edges { node { ${'pattern { problem { '.repeat(6)}id${' } }'.repeat(6)} } } } }`;
const tooLargePage = `{ problems(first: ${LIMITS.maxPageSize + 1}) { totalCount } }`;
// Within the alias, depth and token limits, but wide at every level: refused for its cost.
const problemFields = 'id title status createdAt';
const tooCostly = `{ ${Array.from(
  { length: LIMITS.maxAliases },
  (_, i) =>
    `a${i}: problems { totalCount edges { cursor node { ${problemFields} ${`pattern { id patternKey srType keywordSignature occurrenceCount problem { ${problemFields} `.repeat(3)}${'} } '.repeat(3)}} } }`,
).join(' ')} }`;
const withinLimits = `{ a: me { username } b: me { role } }`;

const cases: Array<[string, string, RegExp]> = [
  ['aliases', tooManyAliases, /alias/i],
  ['tokens', tooManyTokens, /token/i],
  ['depth', tooDeep, /depth/i],
  ['page size', tooLargePage, /first: must be between 0 and 100/],
  ['cost', tooCostly, /Cost limit of 5000 exceeded/],
];

describe('over HTTP', () => {
  it('runs a query within the limits', async () => {
    const result = await server.request(withinLimits, {}, token);
    expect(result.data).toEqual({ a: { username: 'alice' }, b: { role: 'ADMIN' } });
  });

  it.each(cases)('refuses a query over the %s limit', async (_name, query, message) => {
    const result = await server.request(query, {}, token);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.map((e) => e.message).join(' ')).toMatch(message);
  });

  it('refuses a page size given through a variable', async () => {
    const result = await server.request('query ($n: Int) { problems(first: $n) { totalCount } }', { n: 500 }, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('first: must be between 0 and 100, got 500');
  });
});

describe('over graphql-ws', () => {
  it.each(cases)('refuses a query over the %s limit', async (_name, query, message) => {
    const socket = await server.ws(token);
    const subscription = socket.subscribe(query);
    await subscription.done;
    expect(subscription.results.some((r) => r.data)).toBe(false);
    expect(JSON.stringify(subscription.results)).toMatch(message);
    await socket.close();
  });
});
