// Approval delegations: yours (all for an ADMIN), a form to hand your authority to someone while
// you are away (an ADMIN may name another delegator), and Revoke, which stops one at once.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { Delegate, Delegations, RevokeDelegation } from '../api/documents.js';
import { ErrorLine, Loading, StatusBadge } from '../components/common.js';
import type { DashboardDelegationFragment, RiskLevel } from '../generated/graphql.js';
import { formatTime, useLanguage, useT } from '../i18n.js';
import { useSession } from '../session.js';

const message = (caught: unknown) => (caught instanceof ApiError ? `${caught.message} (${caught.code})` : String(caught));

/** A datetime-local value (the browser's local time) this many hours from now. */
function localInHours(hours: number): string {
  const date = new Date(Date.now() + hours * 3600_000);
  date.setMinutes(date.getMinutes() - date.getTimezoneOffset());
  return date.toISOString().slice(0, 16);
}

export function DelegationsPage() {
  const t = useT();
  const language = useLanguage();
  const { api, role, username } = useSession();
  const [rows, setRows] = useState<DashboardDelegationFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRows((await api.request(Delegations)).delegations.edges.map((edge) => edge.node));
      setError(null);
    } catch (caught) {
      setError(message(caught));
    }
  }, [api]);
  useEffect(() => void load(), [load]);

  const revoke = async (id: string) => {
    try {
      await api.request(RevokeDelegation, { id });
      await load();
    } catch (caught) {
      setError(message(caught));
    }
  };

  return (
    <section aria-labelledby="delegations-title">
      <h1 id="delegations-title">{t('delegationsTitle')}</h1>
      <p class="muted">{t('delegationsHelp')}</p>
      <DelegateForm isAdmin={role === 'ADMIN'} onCreated={load} />
      <ErrorLine error={error} />
      {rows === null ? <Loading /> : rows.length === 0 ? <p class="empty">{t('noDelegations')}</p> : (
        <div class="table-wrap">
          <table class="table" data-delegations>
            <thead>
              <tr><th scope="col">{t('from')}</th><th scope="col">{t('to')}</th><th scope="col">{t('levels')}</th><th scope="col">{t('window')}</th><th scope="col">{t('status')}</th><th scope="col">{t('reason')}</th><th scope="col" /></tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-delegation-id={row.id}>
                  <td>{row.from}</td>
                  <td>{row.to}</td>
                  <td>{row.riskLevels.join(', ')}</td>
                  <td>{formatTime(row.startsAt, language)} – {formatTime(row.until, language)}</td>
                  <td><StatusBadge status={row.status} /></td>
                  <td class="wrap">{row.reason}</td>
                  <td>
                    {(row.status === 'ACTIVE' || row.status === 'SCHEDULED') && (role === 'ADMIN' || [row.from, row.to].includes(username)) && (
                      <button type="button" onClick={() => void revoke(row.id)}>{t('revoke')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DelegateForm({ isAdmin, onCreated }: { isAdmin: boolean; onCreated(): void }) {
  const t = useT();
  const { api } = useSession();
  const [to, setTo] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState(() => localInHours(8));
  const [levels, setLevels] = useState<RiskLevel[]>(isAdmin ? ['HIGH', 'CRITICAL'] : ['HIGH']);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const toggle = (level: RiskLevel) => setLevels((current) => (current.includes(level) ? current.filter((l) => l !== level) : [...current, level]));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    try {
      const input = { to: to.trim(), until: new Date(until).toISOString(), reason: reason.trim(), riskLevels: levels, ...(from.trim() ? { from: from.trim() } : {}) };
      await api.request(Delegate, { input });
      setTo('');
      setReason('');
      onCreated();
    } catch (caught) {
      setRefusal(message(caught));
    }
    setBusy(false);
  };

  return (
    <form class="card delegate-form" onSubmit={submit}>
      <label for="delegate-to">{t('delegateTo')}</label>
      <input id="delegate-to" type="text" required value={to} onInput={(event) => setTo(event.currentTarget.value)} />
      {isAdmin && (
        <>
          <label for="delegate-from">{t('delegateFrom')}</label>
          <input id="delegate-from" type="text" value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
        </>
      )}
      <label for="delegate-until">{t('until')}</label>
      <input id="delegate-until" type="datetime-local" required value={until} onInput={(event) => setUntil(event.currentTarget.value)} />
      <fieldset>
        <legend>{t('levels')}</legend>
        {(['HIGH', 'CRITICAL'] as const).map((level) => (
          <label key={level} class="inline"><input type="checkbox" checked={levels.includes(level)} onChange={() => toggle(level)} /> {level}</label>
        ))}
      </fieldset>
      <label for="delegate-reason">{t('reason')}</label>
      <input id="delegate-reason" type="text" required maxLength={500} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
      <button type="submit" class="primary" disabled={busy}>{t('delegateSubmit')}</button>
      <ErrorLine error={refusal} />
    </form>
  );
}
