// The signed-in token: kept for this tab only (sessionStorage), taken from `#token=` once.
const KEY = 'opsloop.token';

export interface TokenClaims {
  sub: string;
  role: string;
  exp?: number;
  inst?: number | null;
}

/** Moves a `#token=<jwt>` fragment into this tab's storage and removes it from the address bar. */
export function takeTokenFromFragment(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  saveToken(decodeURIComponent(match[1]));
  history.replaceState(history.state, '', window.location.pathname + window.location.search);
}

export function loadToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, ''));
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** The token's claims, unverified (the server verifies; this only decides what to show). */
export function readClaims(token: string): TokenClaims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return typeof claims?.sub === 'string' ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

export function isExpired(claims: TokenClaims, now = Date.now()): boolean {
  return typeof claims.exp === 'number' && claims.exp * 1000 <= now;
}
