// The signed-in user and their API client, handed to every page.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api/client.js';

export type Role = 'ADMIN' | 'PM' | 'ENGINEER' | 'VIEWER' | 'REQUESTER';

export interface Session {
  api: Api;
  username: string;
  role: Role;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('no session');
  return session;
}

/** ADMIN, PM and ENGINEER submit, approve and verify; VIEWER reads only. */
export function canOperate(role: Role): boolean {
  return role === 'ADMIN' || role === 'PM' || role === 'ENGINEER';
}

/** ADMIN and PM extend approval deadlines (never of their own actions). */
export function canExtend(role: Role): boolean {
  return role === 'ADMIN' || role === 'PM';
}
