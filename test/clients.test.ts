// Clients no one here wrote, with their default settings and a bearer token: urql (GET queries),
// Apollo Client, graphql-request and plain fetch. And what is left of CSRF protection
// (src/graphql/request-policy.ts): no preflight header required; mutations never over GET; POST
// bodies only as JSON.
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { cacheExchange, createClient as createUrqlClient, fetchExchange } from '@urql/core';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { AT_RISK, approvalsSeed } from './helpers/approvals.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const ClientsMe = graphql(`
  query ClientsMe {
    me {
      username
      role
    }
  }
`);

const ClientsQueue = graphql(`
  query ClientsQueue {
    autoQueue(status: PENDING_APPROVAL, first: 10) {
      totalCount
      edges {
        node {
          id
          status
        }
      }
    }
  }
`);

const ClientsSubmit = graphql(`
  mutation ClientsSubmit($input: ActionInput!) {
    submitAction(input: $input) {
      id
      status
      riskLevel
    }
  }
`);

let server: TestServer;
let erin: UserClient;
beforeAll(async () => {
  server = await startTestServer();
  erin = await approvalsSeed(server).user('erin', 'ENGINEER');
});
afterAll(() => server?.stop());

/** The global fetch, recording the method of every request (the clients' own choice). */
function recordingFetch(methods: string[]): typeof fetch {
  return (input, init) => {
    methods.push(init?.method ?? (input instanceof Request ? input.method : 'GET'));
    return fetch(input, init);
  };
}

describe('urql with its defaults (queries over GET)', () => {
  it('runs a query over GET and a mutation over POST', async () => {
    const methods: string[] = [];
    const client = createUrqlClient({
      url: server.url,
      exchanges: [cacheExchange, fetchExchange],
      fetch: recordingFetch(methods),
      fetchOptions: { headers: { authorization: `Bearer ${erin.token}` } },
    });
    const me = await client.query(ClientsMe, {}).toPromise();
    expect(me.error).toBeUndefined();
    expect(me.data?.me).toMatchObject({ username: 'erin', role: 'ENGINEER' });
    const submitted = await client.mutation(ClientsSubmit, { input: AT_RISK.MEDIUM }).toPromise();
    expect(submitted.error).toBeUndefined();
    expect(submitted.data?.submitAction).toMatchObject({ id: expect.stringMatching(/^ACT-/), riskLevel: 'MEDIUM' });
    expect(methods).toEqual(['GET', 'POST']);
  });

  it('shows a refusal with its code (anonymous)', async () => {
    const client = createUrqlClient({ url: server.url, exchanges: [cacheExchange, fetchExchange] });
    const result = await client.query(ClientsQueue, {}).toPromise();
    expect(result.error?.graphQLErrors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('Apollo Client with its defaults (HttpLink, POST)', () => {
  it('runs a query and a mutation', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: server.url, headers: { authorization: `Bearer ${erin.token}` } }),
      cache: new InMemoryCache(),
    });
    const submitted = await client.mutate({ mutation: ClientsSubmit, variables: { input: AT_RISK.HIGH } });
    expect(submitted.data?.submitAction).toMatchObject({ status: 'PENDING_APPROVAL', riskLevel: 'HIGH' });
    const queue = await client.query({ query: ClientsQueue });
    expect(queue.data?.autoQueue.edges.map((edge) => edge.node.id)).toContain(submitted.data!.submitAction.id);
    client.stop();
  });
});

describe('graphql-request with its defaults', () => {
  it('runs a query and a mutation; a refusal rejects with its code', async () => {
    const client = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${erin.token}` } });
    expect((await client.request(ClientsMe)).me).toEqual({ username: 'erin', role: 'ENGINEER' });
    const { submitAction } = await client.request(ClientsSubmit, { input: AT_RISK.LOW });
    expect(submitAction.status).toBe('AUTO_DONE');
    const anonymous = new GraphQLClient(server.url);
    await expect(anonymous.request(ClientsQueue)).rejects.toMatchObject({ response: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })] } });
  });
});

describe('plain fetch, and what is left of CSRF protection', () => {
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json', ...headers } });

  it('a GET query needs no preflight header, only the bearer token', async () => {
    const response = await get('{ me { username } }', { authorization: `Bearer ${erin.token}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { username: 'erin' } } });
  });

  it('a cross-site page cannot attach the token: anonymous reads nothing', async () => {
    const response = await get('{ me { username } }');
    expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('never runs a mutation over GET (405, METHOD_NOT_ALLOWED), even with a token', async () => {
    const before = (await erin.data(ClientsQueue)).autoQueue.totalCount;
    const response = await get(`mutation { submitAction(input: { actionType: "RESTART_SERVICE", description: "x", target: "billing-api", environment: PROD }) { id } }`, {
      authorization: `Bearer ${erin.token}`,
    });
    expect(response.status).toBe(405);
    expect((await response.json()).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    expect((await erin.data(ClientsQueue)).autoQueue.totalCount).toBe(before);
  });

  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent('mutation { runAutoCycle { id } }')}`],
    ['text/plain', JSON.stringify({ query: 'mutation { runAutoCycle { id } }' })],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nmutation { runAutoCycle { id } }\r\n--x--\r\n'],
  ])('refuses a POST body a form could send (%s): 415, UNSUPPORTED_MEDIA_TYPE', async (type, body) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${erin.token}` }, body });
    expect(response.status).toBe(415);
    expect((await response.json()).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a JSON POST works with the charset a browser adds', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${erin.token}` },
      body: JSON.stringify({ query: '{ me { username } }' }),
    });
    expect(await response.json()).toEqual({ data: { me: { username: 'erin' } } });
  });
});
