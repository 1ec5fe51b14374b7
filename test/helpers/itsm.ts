// Seed builders for ITSM and auto-cycle tests: staff teams with real users, file requests, run a
// cycle and wait for it to end, all through the public API.
import { expect } from 'vitest';
import { graphql } from '../generated/index.js';
import type { Category, CreateServiceRequestInput } from '../generated/graphql.js';
import type { TestServer, UserClient } from './server.js';

export const ItsmWhoAmI = graphql(`
  query ItsmWhoAmI {
    me {
      username
    }
  }
`);

export const ItsmUpsertTeam = graphql(`
  mutation ItsmUpsertTeam($input: TeamInput!) {
    upsertTeam(input: $input) {
      id
      name
      categories
    }
  }
`);

export const ItsmAddTeamMember = graphql(`
  mutation ItsmAddTeamMember($team: String!, $username: String!) {
    addTeamMember(team: $team, username: $username) {
      name
      members {
        username
        role
      }
    }
  }
`);

export const ItsmCreateRequest = graphql(`
  mutation ItsmCreateRequest($input: CreateServiceRequestInput!) {
    createServiceRequest(input: $input) {
      id
      title
      type
      priority
      status
      category
      instId
      requester
      assignee
      slaDueAt
      escalatedAt
      createdAt
      patternId
    }
  }
`);

export const ItsmRequest = graphql(`
  query ItsmRequest($id: ID!) {
    serviceRequest(id: $id) {
      id
      title
      type
      priority
      status
      category
      assignee
      slaDueAt
      escalatedAt
      resolution
      answeredAt
      answeredByKbId
    }
  }
`);

export const CycleRun = graphql(`
  mutation CycleRun {
    runAutoCycle {
      id
      status
      triggeredBy
    }
  }
`);

export const CycleRunStatus = graphql(`
  query CycleRunStatus($id: ID!) {
    autoCycleRun(id: $id) {
      id
      status
      startedAt
      finishedAt
      error
      steps {
        name
        processed
        leftForHuman
        error
      }
    }
  }
`);

export type CycleRunResult = Awaited<ReturnType<typeof waitForRun>>;

/** Polls a run until it leaves RUNNING. */
export async function waitForRun(client: UserClient, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { autoCycleRun } = await client.data(CycleRunStatus, { id });
    if (autoCycleRun.status !== 'RUNNING') return autoCycleRun;
    if (Date.now() > deadline) throw new Error(`cycle run ${id} still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs one cycle as `admin` and waits for it; returns the finished run with steps by name. */
export async function runCycle(admin: UserClient) {
  const { runAutoCycle } = await admin.data(CycleRun);
  expect(runAutoCycle.status).toBe('RUNNING');
  const run = await waitForRun(admin, runAutoCycle.id);
  const step = (name: string) => run.steps.find((s) => s.name === name) ?? { name, processed: -1, leftForHuman: -1, error: 'missing' };
  return { ...run, step };
}

export interface TeamSpec {
  name: string;
  categories: Category[];
  engineers: string[];
}

/** Creates teams and their engineers; each engineer signs in once so the API knows them. */
export async function staffTeams(server: TestServer, admin: UserClient, teams: TeamSpec[]) {
  const engineers: Record<string, UserClient> = {};
  for (const team of teams) {
    await admin.data(ItsmUpsertTeam, { input: { name: team.name, categories: team.categories } });
    for (const username of team.engineers) {
      engineers[username] ??= await server.as(username, 'ENGINEER');
      await engineers[username]!.data(ItsmWhoAmI);
      await admin.data(ItsmAddTeamMember, { team: team.name, username });
    }
  }
  return engineers;
}

export async function fileRequest(client: UserClient, input: CreateServiceRequestInput) {
  return (await client.data(ItsmCreateRequest, { input })).createServiceRequest;
}
