// History: actions of the last N days (autoHistory), or of one status (autoQueue, cut at N days),
// newest first, a page at a time. Filters and page live in the address, so a view can be shared.
import { useEffect, useState } from 'preact/hooks';
import { HistoryAll, HistoryByStatus } from '../api/documents.js';
import { ErrorLine, Loading, RiskBadge, StatusBadge } from '../components/common.js';
import type { ActionStatus, DashboardHistoryQuery } from '../generated/graphql.js';
import { formatTime, useLanguage, useT } from '../i18n.js';
import { href, navigate, onLinkClick } from '../router.js';
import { useSession } from '../session.js';

const STATUSES: ActionStatus[] = ['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'EXPIRED', 'AUTO_DONE'];
const DAY_CHOICES = [1, 7, 30, 90];
const PAGE_SIZE = 20;
/** Stands for the first page (no cursor) in the trail of previous pages. */
const FIRST = '-';

type Row = DashboardHistoryQuery['autoHistory']['edges'][number]['node'];

export function HistoryPage({ query }: { query: URLSearchParams }) {
  const t = useT();
  const language = useLanguage();
  const { api } = useSession();
  const status = (STATUSES as string[]).includes(query.get('status') ?? '') ? (query.get('status') as ActionStatus) : null;
  const days = DAY_CHOICES.includes(Number(query.get('days'))) ? Number(query.get('days')) : 7;
  const after = query.get('after');
  // Cursors of the pages before this one (FIRST for page 1), for "Previous page".
  const trail = (query.get('trail') ?? '').split(',').filter(Boolean);
  const [page, setPage] = useState<{ rows: Row[]; total: number | null; next: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setPage(null);
    (async () => {
      const cutoff = Date.now() - days * 86_400_000;
      if (status) {
        const data = await api.request(HistoryByStatus, { status, first: PAGE_SIZE, after });
        const rows = data.autoQueue.edges.map((edge) => edge.node);
        const inWindow = rows.filter((row) => Date.parse(row.createdAt) >= cutoff);
        const more = data.autoQueue.pageInfo.hasNextPage && inWindow.length === rows.length;
        return { rows: inWindow, total: null, next: more ? data.autoQueue.pageInfo.endCursor ?? null : null };
      }
      const data = await api.request(HistoryAll, { days, first: PAGE_SIZE, after });
      return {
        rows: data.autoHistory.edges.map((edge) => edge.node),
        total: data.autoHistory.totalCount,
        next: data.autoHistory.pageInfo.hasNextPage ? data.autoHistory.pageInfo.endCursor ?? null : null,
      };
    })().then(
      (result) => current && (setPage(result), setError(null)),
      (caught) => current && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      current = false;
    };
  }, [api, status, days, after]);

  const go = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams({ ...(status ? { status } : {}), days: String(days), ...(after ? { after } : {}), ...(trail.length ? { trail: trail.join(',') } : {}) });
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) params.delete(name);
      else params.set(name, value);
    }
    navigate(`/history?${params}`);
  };
  const resetPaging = { after: null, trail: null };

  return (
    <section aria-labelledby="history-title">
      <div class="page-title">
        <h1 id="history-title">{t('historyTitle')}{page?.total != null && <span class="count"> {page.total}</span>}</h1>
        <div class="filters">
          <label for="history-status">{t('status')}</label>
          <select id="history-status" value={status ?? ''} onChange={(event) => go({ status: event.currentTarget.value || null, ...resetPaging })}>
            <option value="">{t('anyStatus')}</option>
            {STATUSES.map((value) => <option key={value} value={value}>{value}</option>)}
          </select>
          <label for="history-days">{t('days')}</label>
          <select id="history-days" value={String(days)} onChange={(event) => go({ days: event.currentTarget.value, ...resetPaging })}>
            {DAY_CHOICES.map((value) => <option key={value} value={String(value)}>{t('lastDays', { n: value })}</option>)}
          </select>
        </div>
      </div>
      <ErrorLine error={error} />
      {!page ? <Loading /> : page.rows.length === 0 ? <p class="empty">{t('noActions')}</p> : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr><th scope="col">ID</th><th scope="col">{t('type')}</th><th scope="col">{t('target')}</th><th scope="col">{t('environment')}</th><th scope="col">{t('risk')}</th><th scope="col">{t('status')}</th><th scope="col">{t('requester')}</th><th scope="col">{t('decidedBy')}</th><th scope="col">{t('created')}</th></tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.id} data-history-id={row.id}>
                  <td><a href={href(`/actions/${row.id}`)} onClick={onLinkClick}>{row.id}</a></td>
                  <td>{row.actionType}</td>
                  <td class="wrap">{row.target}</td>
                  <td>{row.environment}</td>
                  <td><RiskBadge level={row.riskLevel} /></td>
                  <td><StatusBadge status={row.status} /></td>
                  <td>{row.requestedBy}</td>
                  <td>{row.approvedBy ?? '—'}</td>
                  <td>{formatTime(row.createdAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('page')}>
        <button type="button" disabled={trail.length === 0} onClick={() => {
          const previous = trail[trail.length - 1];
          const rest = trail.slice(0, -1);
          go({ after: previous === FIRST ? null : previous, trail: rest.length ? rest.join(',') : null });
        }}>{t('previousPage')}</button>
        <span>{t('page')} {trail.length + 1}</span>
        <button type="button" disabled={!page?.next} onClick={() => go({ after: page!.next, trail: [...trail, after ?? FIRST].join(',') })}>{t('nextPage')}</button>
      </nav>
    </section>
  );
}
