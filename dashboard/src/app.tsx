// The shell: sign-in, the "not allowed" and "expired" pages, the header and the page router.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createApi, httpRequester, type Api, type ConnectionState } from './api/client.js';
import { Me } from './api/documents.js';
import { clearToken, isExpired, loadToken, readClaims, saveToken, takeTokenFromFragment } from './auth.js';
import { I18n, initialLanguage, storeLanguage, translator, useT, type Language } from './i18n.js';
import { ActionPage } from './pages/action.js';
import { CyclePage } from './pages/cycle.js';
import { DelegationsPage } from './pages/delegations.js';
import { HistoryPage } from './pages/history.js';
import { LearningPage } from './pages/learning.js';
import { QueuePage } from './pages/queue.js';
import { SubmitPage } from './pages/submit.js';
import { href, onLinkClick, useRoute } from './router.js';
import { canOperate, SessionContext, useSession, type Role, type Session } from './session.js';

type AuthState =
  | { kind: 'signed-out'; error?: string }
  | { kind: 'checking' }
  | { kind: 'denied'; username: string }
  | { kind: 'expired' }
  | { kind: 'unreachable'; token: string; error: string }
  | { kind: 'ready'; session: Session };

export function App() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const i18n = useMemo(() => ({ t: translator(language), language }), [language]);
  useEffect(() => storeLanguage(language), [language]);
  const toggleLanguage = () => setLanguage((current) => (current === 'en' ? 'ko' : 'en'));

  const [auth, setAuth] = useState<AuthState>({ kind: 'checking' });

  const signIn = useCallback(async (token: string) => {
    saveToken(token);
    token = loadToken()!;
    const claims = readClaims(token);
    if (!claims) return setAuth({ kind: 'signed-out', error: 'not a JWT' });
    if (isExpired(claims)) return setAuth({ kind: 'expired' });
    setAuth({ kind: 'checking' });
    let api: Api | undefined;
    const lost = (message: string) => {
      api?.dispose();
      setAuth(/expired/i.test(message) ? { kind: 'expired' } : { kind: 'signed-out', error: message });
    };
    // Check the token over HTTP first; the live socket opens only for an allowed user.
    const probe = httpRequester(token, () => {});
    try {
      const { me } = await probe(Me);
      if (me.role === 'REQUESTER') return setAuth({ kind: 'denied', username: me.username });
      api = createApi({ token, onUnauthenticated: lost });
      setAuth({ kind: 'ready', session: { api, username: me.username, role: me.role as Role } });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return lost(error.message);
      setAuth({ kind: 'unreachable', token, error: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  useEffect(() => {
    takeTokenFromFragment();
    const token = loadToken();
    if (token) void signIn(token);
    else setAuth({ kind: 'signed-out' });
  }, [signIn]);

  // The page turns to "expired" when the token runs out, even with nothing on screen changing.
  useEffect(() => {
    if (auth.kind !== 'ready') return;
    const exp = readClaims(loadToken() ?? '')?.exp;
    if (!exp) return;
    const timer = setTimeout(() => {
      auth.session.api.dispose();
      setAuth({ kind: 'expired' });
    }, Math.min(exp * 1000 - Date.now(), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [auth]);

  const signOut = () => {
    if (auth.kind === 'ready') auth.session.api.dispose();
    clearToken();
    setAuth({ kind: 'signed-out' });
  };

  let body;
  if (auth.kind === 'checking') body = <Centered><p role="status">{i18n.t('loading')}</p></Centered>;
  else if (auth.kind === 'signed-out') body = <SignIn error={auth.error} onSignIn={signIn} />;
  else if (auth.kind === 'denied') body = <Notice title={i18n.t('deniedTitle')} body={i18n.t('deniedBody')} detail={auth.username} action={signOut} actionLabel={i18n.t('signOut')} testId="not-allowed" />;
  else if (auth.kind === 'expired') body = <Notice title={i18n.t('expiredTitle')} body={i18n.t('expiredBody')} action={signOut} actionLabel={i18n.t('signInAgain')} testId="expired" />;
  else if (auth.kind === 'unreachable') body = <Notice title={i18n.t('retry')} body={auth.error} action={() => signIn(auth.token)} actionLabel={i18n.t('retry')} testId="unreachable" />;
  const languageToggle = (
    <button type="button" class="link-button" lang={language === 'en' ? 'ko' : 'en'} aria-label={i18n.t('languageLabel')} onClick={toggleLanguage}>
      {i18n.t('language')}
    </button>
  );
  if (auth.kind === 'ready') {
    body = <SessionContext.Provider value={auth.session}><Shell onSignOut={signOut} languageToggle={languageToggle} /></SessionContext.Provider>;
  }

  return (
    <I18n.Provider value={i18n}>
      {auth.kind !== 'ready' && <div class="topbar-language">{languageToggle}</div>}
      {body}
    </I18n.Provider>
  );
}

function Centered({ children }: { children: preact.ComponentChildren }) {
  return <main class="centered">{children}</main>;
}

function SignIn({ error, onSignIn }: { error?: string; onSignIn(token: string): void }) {
  const t = useT();
  const [token, setToken] = useState('');
  return (
    <Centered>
      <form class="card sign-in" onSubmit={(event) => { event.preventDefault(); if (token.trim()) onSignIn(token); }}>
        <h1>{t('signInTitle')}</h1>
        <p>{t('signInHelp')} <code>npm run token -- --sub alice --role ENGINEER</code></p>
        <label for="token">{t('tokenLabel')}</label>
        <textarea id="token" name="token" rows={5} required spellcheck={false} autocomplete="off" value={token} onInput={(event) => setToken(event.currentTarget.value)} />
        {error && <p class="error" role="alert">{t('tokenInvalid')}: {error}</p>}
        <button type="submit" class="primary">{t('signIn')}</button>
      </form>
    </Centered>
  );
}

function Notice(props: { title: string; body: string; detail?: string; action(): void; actionLabel: string; testId: string }) {
  return (
    <Centered>
      <section class="card notice" data-page={props.testId} aria-labelledby="notice-title">
        <h1 id="notice-title">{props.title}</h1>
        <p>{props.body}</p>
        {props.detail && <p class="muted">{props.detail}</p>}
        <button type="button" class="primary" onClick={props.action}>{props.actionLabel}</button>
      </section>
    </Centered>
  );
}

function Shell({ onSignOut, languageToggle }: { onSignOut(): void; languageToggle: preact.ComponentChildren }) {
  const t = useT();
  const session = useSession();
  const route = useRoute();
  const [connection, setConnection] = useState<ConnectionState>(session.api.state());
  useEffect(() => {
    const stop = session.api.onState(setConnection);
    // The socket may have connected between the first render and this effect: read it again.
    setConnection(session.api.state());
    return stop;
  }, [session]);

  const links: Array<{ path: string; label: string; show: boolean }> = [
    { path: '/', label: t('navQueue'), show: true },
    { path: '/submit', label: t('navSubmit'), show: canOperate(session.role) },
    { path: '/history', label: t('navHistory'), show: true },
    { path: '/learning', label: t('navLearning'), show: true },
    { path: '/cycle', label: t('navCycle'), show: true },
    { path: '/delegations', label: t('navDelegations'), show: canOperate(session.role) },
  ];
  const section = route.path.startsWith('/actions/') ? '/history' : route.path;

  let page;
  if (route.path === '/') page = <QueuePage />;
  else if (route.path === '/submit') page = <SubmitPage />;
  else if (route.path === '/history') page = <HistoryPage query={route.query} />;
  else if (route.path.startsWith('/actions/')) page = <ActionPage id={decodeURIComponent(route.path.slice('/actions/'.length))} />;
  else if (route.path === '/learning') page = <LearningPage />;
  else if (route.path === '/cycle') page = <CyclePage />;
  else if (route.path === '/delegations' && canOperate(session.role)) page = <DelegationsPage />;
  else page = <p>{t('notFound')}</p>;

  const connectionLabel = connection === 'live' ? t('live') : connection === 'connecting' ? t('connecting') : t('reconnecting');
  return (
    <>
      <header class="header">
        <a class="brand" href={href('/')} onClick={onLinkClick}>opsloop</a>
        <nav aria-label={t('mainNav')}>
          <ul>
            {links.filter((link) => link.show).map((link) => (
              <li key={link.path}>
                <a href={href(link.path)} onClick={onLinkClick} aria-current={section === link.path ? 'page' : undefined}>{link.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="header-end">
          <span class={`connection connection-${connection}`} role="status" aria-label={t('connection')} data-connection={connection}>
            <span class="dot" aria-hidden="true" />{connectionLabel}
          </span>
          <span class="user" data-user={session.username}>
            <span class="visually-hidden">{t('signedInAs')} </span>
            <strong>{session.username}</strong> <span class="role">{session.role}</span>
          </span>
          {languageToggle}
          <button type="button" class="link-button" onClick={onSignOut}>{t('signOut')}</button>
        </div>
      </header>
      <main class="content">{page}</main>
    </>
  );
}
