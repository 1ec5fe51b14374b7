// Home: the live approval queue. Subscribes to approvalQueue and re-reads the queue on every
// (re)connection, so events missed while the socket was down never leave it stale.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { Approve, Extend, PendingQueue, QueueEvents, Reject } from '../api/documents.js';
import { ErrorLine, formatRemaining, Loading, RiskBadge, useNow } from '../components/common.js';
import type { DashboardActionCardFragment, DashboardPendingQueueQuery } from '../generated/graphql.js';
import { formatTime, useLanguage, useT } from '../i18n.js';
import { href, onLinkClick } from '../router.js';
import { canExtend, canOperate, useSession } from '../session.js';

type Item = DashboardActionCardFragment & { expiring?: boolean };
type Today = DashboardPendingQueueQuery['autoStatus']['today'];

const EXPIRING_WARNING_MS = 5 * 60_000;

function newestFirst(items: Item[]): Item[] {
  return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

export function QueuePage() {
  const t = useT();
  const { api } = useSession();
  const [items, setItems] = useState<Item[] | null>(null);
  const [today, setToday] = useState<Today | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const expiringIds = useRef(new Set<string>());

  useEffect(() => {
    let active = true;
    const reread = async () => {
      try {
        const data = await api.request(PendingQueue);
        if (!active) return;
        setItems(newestFirst(data.autoQueue.edges.map(({ node }) => ({ ...node, expiring: expiringIds.current.has(node.id) }))));
        setToday(data.autoStatus.today);
        setTotal(data.autoQueue.totalCount);
        setError(null);
      } catch (caught) {
        if (active) setError(caught instanceof Error ? caught.message : String(caught));
      }
    };
    const unsubscribe = api.subscribe(QueueEvents, undefined, ({ approvalQueue: { kind, action } }) => {
      if (kind === 'EXPIRING') expiringIds.current.add(action.id);
      // A new deadline: the EXPIRING warning is re-armed on the server, and the countdown follows.
      if (kind === 'EXTENDED') expiringIds.current.delete(action.id);
      setItems((current) => {
        const rest = (current ?? []).filter((item) => item.id !== action.id);
        if (action.status !== 'PENDING_APPROVAL') return rest;
        return newestFirst([...rest, { ...action, expiring: expiringIds.current.has(action.id) }]);
      });
      void api.request(PendingQueue).then((data) => active && setToday(data.autoStatus.today), () => {});
    });
    const offConnected = api.onConnected(() => void reread());
    if (api.state() === 'live') void reread();
    return () => {
      active = false;
      unsubscribe();
      offConnected();
    };
  }, [api]);

  const removeItem = (id: string) => setItems((current) => (current ?? []).filter((item) => item.id !== id));
  const updateItem = (id: string, change: Partial<Item>) => setItems((current) => (current ?? []).map((item) => (item.id === id ? { ...item, ...change } : item)));

  return (
    <section aria-labelledby="queue-title">
      <div class="page-title">
        <h1 id="queue-title">{t('queueTitle')}{items && <span class="count" data-queue-count={items.length}> {items.length}</span>}</h1>
        {today && (
          <dl class="today" aria-label={t('today')}>
            <div><dt>{t('autoDone')}</dt><dd>{today.autoDone}</dd></div>
            <div><dt>{t('pending')}</dt><dd>{today.pendingApproval}</dd></div>
            <div><dt>{t('approved')}</dt><dd>{today.approved}</dd></div>
            <div><dt>{t('rejected')}</dt><dd>{today.rejected}</dd></div>
            <div><dt>{t('expired')}</dt><dd>{today.expired}</dd></div>
          </dl>
        )}
      </div>
      <ErrorLine error={error} />
      {items && total > items.length && (
        <p class="muted">{t('queueMore', { shown: items.length, total })} <a href={href('/history?status=PENDING_APPROVAL&days=90')} onClick={onLinkClick}>{t('navHistory')}</a></p>
      )}
      {items === null ? <Loading /> : items.length === 0 ? (
        <p class="empty">{t('queueEmpty')}</p>
      ) : (
        <ul class="queue" aria-label={t('queueTitle')}>
          {items.map((item) => (
            <QueueItem key={item.id} item={item} onDecided={() => removeItem(item.id)} onExtended={(change) => { expiringIds.current.delete(item.id); updateItem(item.id, { ...change, expiring: false }); }} />
          ))}
        </ul>
      )}
    </section>
  );
}

function QueueItem({ item, onDecided, onExtended }: { item: Item; onDecided(): void; onExtended(change: Pick<Item, 'expiresAt' | 'extensionCount'>): void }) {
  const t = useT();
  const language = useLanguage();
  const { api, role, username } = useSession();
  const now = useNow();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const remaining = item.expiresAt ? Date.parse(item.expiresAt) - now : Infinity;
  const expiring = item.expiring || remaining <= EXPIRING_WARNING_MS;
  const titleId = `title-${item.id}`;

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setRefusal(null);
    try {
      // The hash of the content on this card: a decision never applies to content changed since.
      const variables = { id: item.id, comment: comment.trim() || null, expectedContentHash: item.contentHash ?? null };
      if (decision === 'approve') await api.request(Approve, variables);
      else await api.request(Reject, variables);
      onDecided();
    } catch (caught) {
      setRefusal(caught instanceof ApiError ? `${caught.message} (${caught.code})` : String(caught));
      setBusy(false);
    }
  };

  return (
    <li class={`card queue-item${expiring ? ' expiring' : ''}`} data-action-id={item.id} data-risk={item.riskLevel} aria-labelledby={titleId}>
      <div class="item-head">
        <RiskBadge level={item.riskLevel} />
        <h2 id={titleId}>
          <a href={href(`/actions/${item.id}`)} onClick={onLinkClick}>{item.actionType}</a>
          <span class="muted"> · {item.id}</span>
        </h2>
        {item.escalatedAt && <span class="badge overdue" data-escalated title={t('overdueTitle')}>{t('overdue')}</span>}
        <span class={`countdown${expiring ? ' expiring' : ''}`} data-countdown data-expires-at={item.expiresAt ?? undefined}>
          {expiring && <strong class="expiring-flag">{t('expiring')}</strong>}{' '}
          {remaining === Infinity ? '' : remaining > 0 ? <>{t('expiresIn')} <time dateTime={item.expiresAt ?? undefined}>{formatRemaining(remaining)}</time></> : t('lapsed')}
          {item.extensionCount > 0 && <span class="muted" data-extended={item.extensionCount}> · {t('extendedTimes', { n: item.extensionCount })}</span>}
        </span>
      </div>
      <p class="description">{item.description}</p>
      <dl class="facts">
        <div><dt>{t('target')}</dt><dd>{item.target}</dd></div>
        <div><dt>{t('environment')}</dt><dd><span class={`env env-${item.environment.toLowerCase()}`}>{item.environment}</span></dd></div>
        <div><dt>{t('blastRadius')}</dt><dd>{item.targetCount} {item.targetCount === 1 ? t('targetOne') : t('targets')}</dd></div>
        <div><dt>{t('requester')}</dt><dd>{item.requestedBy}</dd></div>
        <div><dt>{t('created')}</dt><dd>{formatTime(item.createdAt, language)}</dd></div>
      </dl>
      <details class="factors" open>
        <summary>{t('factors')} <span class="muted">({t('policy')}{item.policyVersion})</span></summary>
        <ul>
          {item.riskFactors.map((factor) => (
            <li key={factor.name}><code>{factor.name}</code> <strong>{factor.effect}</strong> — {factor.detail}</li>
          ))}
        </ul>
      </details>
      {item.approvals.length > 0 && (
        <p class="muted">{t('approvalsSoFar')}: {item.approvals.map((approval) => (approval.decidedBy !== approval.approver ? `${approval.approver} (${approval.decidedBy})` : approval.approver)).join(', ')}</p>
      )}
      {canOperate(role) && (
        <div class="decision">
          <label for={`comment-${item.id}`}>{t('comment')}</label>
          <input id={`comment-${item.id}`} type="text" value={comment} maxLength={2000} onInput={(event) => setComment(event.currentTarget.value)} />
          <div class="buttons">
            <button type="button" class="approve" disabled={busy} onClick={() => decide('approve')} name="decision" value="approve" aria-label={stableName(t('approve'), 'Approve')} aria-describedby={titleId}>{t('approve')}</button>
            <button type="button" class="reject" disabled={busy} onClick={() => decide('reject')} name="decision" value="reject" aria-label={stableName(t('reject'), 'Reject')} aria-describedby={titleId}>{t('reject')}</button>
          </div>
        </div>
      )}
      {canExtend(role) && item.requestedBy !== username && <ExtendControl item={item} onExtended={onExtended} />}
      <ErrorLine error={refusal} />
    </li>
  );
}

/** ADMIN and PM: more time for a pending action (never their own), with a reason for the audit trail. */
function ExtendControl({ item, onExtended }: { item: Item; onExtended(change: Pick<Item, 'expiresAt' | 'extensionCount'>): void }) {
  const t = useT();
  const { api } = useSession();
  const [minutes, setMinutes] = useState('30');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const extend = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    try {
      const { extendApproval } = await api.request(Extend, { id: item.id, minutes: Number(minutes), reason: reason.trim() });
      onExtended({ expiresAt: extendApproval.expiresAt, extensionCount: extendApproval.extensionCount });
      setReason('');
    } catch (caught) {
      setRefusal(caught instanceof ApiError ? `${caught.message} (${caught.code})` : String(caught));
    }
    setBusy(false);
  };
  return (
    <details class="extend">
      <summary>{t('extendDeadline')}</summary>
      <form class="extend-form" onSubmit={extend}>
        <label for={`extend-minutes-${item.id}`}>{t('minutes')}</label>
        <input id={`extend-minutes-${item.id}`} type="number" min={1} step={1} required value={minutes} onInput={(event) => setMinutes(event.currentTarget.value)} />
        <label for={`extend-reason-${item.id}`}>{t('reason')}</label>
        <input id={`extend-reason-${item.id}`} type="text" required maxLength={500} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
        <button type="submit" disabled={busy} aria-label={stableName(t('extend'), 'Extend')}>{t('extend')}</button>
      </form>
      <ErrorLine error={refusal} />
    </details>
  );
}

/** Buttons keep their English name in every language ("승인 (Approve)"): a stable hook for automation. */
function stableName(label: string, english: string): string {
  return label === english ? english : `${label} (${english})`;
}
