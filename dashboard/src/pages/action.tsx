// One action: every field, its approvals and its audit trail.
import { useEffect, useState } from 'preact/hooks';
import { ActionDetail } from '../api/documents.js';
import { ErrorLine, Loading, RiskBadge, StatusBadge } from '../components/common.js';
import type { DashboardActionDetailQuery } from '../generated/graphql.js';
import { formatTime, useLanguage, useT } from '../i18n.js';
import { href, onLinkClick } from '../router.js';
import { useSession } from '../session.js';

export function ActionPage({ id }: { id: string }) {
  const t = useT();
  const language = useLanguage();
  const { api } = useSession();
  const [action, setAction] = useState<DashboardActionDetailQuery['autoAction'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.request(ActionDetail, { id }).then(
      (data) => current && setAction(data.autoAction),
      (caught) => current && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      current = false;
    };
  }, [api, id]);

  return (
    <section aria-labelledby="action-title">
      <p><a href={href('/history')} onClick={onLinkClick}>← {t('navHistory')}</a></p>
      <h1 id="action-title">{t('actionTitle')} {id}</h1>
      <ErrorLine error={error} />
      {!action ? (!error && <Loading />) : (
        <>
          <div class="card">
            <p class="item-head"><RiskBadge level={action.riskLevel} /> <StatusBadge status={action.status} /> <strong>{action.actionType}</strong> <span class="muted">{t('policy')}{action.policyVersion}</span></p>
            <p class="description">{action.description}</p>
            <dl class="facts">
              <div><dt>{t('target')}</dt><dd>{action.target}</dd></div>
              <div><dt>{t('environment')}</dt><dd>{action.environment}</dd></div>
              <div><dt>{t('blastRadius')}</dt><dd>{action.targetCount} {action.targetCount === 1 ? t('targetOne') : t('targets')}</dd></div>
              <div><dt>{t('requester')}</dt><dd>{action.requestedBy}</dd></div>
              <div><dt>{t('created')}</dt><dd>{formatTime(action.createdAt, language)}</dd></div>
              <div><dt>{t('expiresAt')}</dt><dd>{formatTime(action.expiresAt, language)}</dd></div>
              <div><dt>{t('decidedBy')}</dt><dd>{action.approvedBy ?? '—'}{action.approvedOnBehalfOf && <> {t('onBehalfOf')} {action.approvedOnBehalfOf}</>} {action.approvedAt && <span class="muted">({formatTime(action.approvedAt, language)})</span>}</dd></div>
              <div><dt>{t('decisionComment')}</dt><dd data-comment>{action.comment ?? '—'}</dd></div>
            </dl>
            <h2>{t('factors')}</h2>
            <ul class="factor-list">
              {action.riskFactors.map((factor) => <li key={factor.name}><code>{factor.name}</code> <strong>{factor.effect}</strong> — {factor.detail}</li>)}
            </ul>
            {action.payload != null && <><h2>Payload</h2><pre>{JSON.stringify(action.payload, null, 2)}</pre></>}
            {action.result != null && <><h2>{t('result')}</h2><pre>{JSON.stringify(action.result, null, 2)}</pre></>}
          </div>
          <h2>{t('auditTrail')}</h2>
          <p data-integrity={action.auditIntegrity.valid ? 'valid' : 'invalid'} class={action.auditIntegrity.valid ? 'muted' : 'error'}>
            {t('integrity')}: {action.auditIntegrity.valid ? t('integrityValid') : `${t('integrityInvalid')} — ${action.auditIntegrity.problem ?? ''}`}
          </p>
          <div class="table-wrap">
            <table class="table" data-audit-trail>
              <thead><tr><th scope="col">{t('at')}</th><th scope="col">{t('actor')}</th><th scope="col">{t('transition')}</th><th scope="col">{t('decisionComment')}</th></tr></thead>
              <tbody>
                {action.auditTrail.map((entry, index) => (
                  <tr key={index}>
                    <td>{formatTime(entry.at, language)}</td>
                    <td>{entry.actorLabel}</td>
                    <td>{entry.fromStatus ?? '∅'} → {entry.toStatus}</td>
                    <td class="wrap">{entry.comment ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
