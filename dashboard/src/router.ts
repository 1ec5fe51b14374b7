// Path routing under /dashboard with the History API (the server answers every /dashboard/* with
// index.html, so a reload or a shared link opens the same page).
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/dashboard';

export function currentRoute(): { path: string; query: URLSearchParams } {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : window.location.pathname;
  return { path: path.replace(/\/+$/, '') || '/', query: new URLSearchParams(window.location.search) };
}

export function href(path: string): string {
  return path === '/' ? `${BASE}/` : `${BASE}${path}`;
}

export function navigate(path: string, replace = false): void {
  const url = href(path);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event('opsloop:navigate'));
}

export function useRoute() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('popstate', update);
    window.addEventListener('opsloop:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('opsloop:navigate', update);
    };
  }, []);
  return route;
}

/** A link that routes inside the SPA (and still works as a normal link: new tab, copy address). */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const target = new URL(anchor.href);
  history.pushState(null, '', target.pathname + target.search);
  window.dispatchEvent(new Event('opsloop:navigate'));
}
