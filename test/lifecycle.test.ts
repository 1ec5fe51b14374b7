// The process as an operator runs it: `npm start`-style process on the embedded database, a token
// from `npm run token`, data that survives a restart, and a graceful stop on SIGTERM.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { startReplica, type Replica } from './helpers/replica.js';
import { postGraphQL, queryText } from './helpers/server.js';
import { connectWs } from './helpers/ws.js';

const run = promisify(execFile);

const LifecycleMe = graphql(`
  query LifecycleMe {
    me {
      username
      role
    }
  }
`);
const LifecycleCreate = graphql(`
  mutation LifecycleCreate($input: CreateServiceRequestInput!) {
    createServiceRequest(input: $input) {
      id
    }
  }
`);
const LifecycleRead = graphql(`
  query LifecycleRead($id: ID!) {
    serviceRequest(id: $id) {
      id
      title
    }
  }
`);

const dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-lifecycle-'));
// Embedded database and generated secret, as on a newcomer's machine: no JWT_SECRET, no DATABASE_URL.
const env = { DATA_DIR: dataDir, JWT_SECRET: '', DATABASE_URL: '', REDIS_URL: '' };
let replica: Replica | undefined;

afterAll(async () => {
  await replica?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function token(sub: string, role: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--sub', sub, '--role', role], {
    env: { ...process.env, ...env },
  });
  return stdout.trim();
}

describe('an operator running opsloop on the embedded database', () => {
  it('serves the user of a token printed by npm run token, keeps data across a restart, and stops gracefully', async () => {
    replica = await startReplica(env);
    const admin = await token('alice', 'ADMIN');
    expect(await postGraphQL(replica.url, queryText(LifecycleMe), {}, admin)).toMatchObject({
      status: 200,
      data: { me: { username: 'alice', role: 'ADMIN' } },
    });

    const requester = await token('rita', 'REQUESTER');
    const created = await postGraphQL<{ createServiceRequest: { id: string } }>(
      replica.url,
      queryText(LifecycleCreate),
      { input: { title: '프린터가 인쇄되지 않습니다', description: '3층 프린터 용지 걸림', type: 'SERVICE' } },
      requester,
    );
    const id = created.data!.createServiceRequest.id;
    expect(id).toMatch(/^SR-/);

    // The embedded database belongs to the running server: a second process is refused, not
    // allowed to write beside it (seeding while the server runs would lose the seed).
    const second = await run(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts'], { env: { ...process.env, ...env } }).catch((error) => error);
    expect(second.code).not.toBe(0);
    expect(String(second.stderr)).toContain(`is in use by process ${replica.process.pid}`);

    // A subscriber is connected when SIGTERM arrives: its socket is closed cleanly, the process exits 0.
    const socket = await connectWs(replica.url.replace('http', 'ws'), admin);
    expect(await replica.stop()).toBe(0);
    expect((await socket.closed).code).toBe(1001);
    expect(replica.logs.some((line) => line.includes('shutting down'))).toBe(true);

    replica = await startReplica(env);
    const again = await postGraphQL(replica.url, queryText(LifecycleRead), { id }, requester);
    expect(again.data).toEqual({ serviceRequest: { id, title: '프린터가 인쇄되지 않습니다' } });
  }, 180_000);
});
