// Submit an action, with the risk the active policy gives it shown live (assessRisk) as you type.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { AssessRisk, Submit } from '../api/documents.js';
import { ErrorLine, RiskBadge } from '../components/common.js';
import type { DashboardAssessRiskQuery, Environment } from '../generated/graphql.js';
import { useT } from '../i18n.js';
import { href, onLinkClick } from '../router.js';
import { useSession } from '../session.js';

const ACTION_TYPES = ['RESTART_SERVICE', 'SCALE', 'CONFIG_CHANGE', 'DEPLOY', 'PATCH', 'BULK_CLOSE', 'DB_MIGRATION', 'DELETE_DATA'];
const ENVIRONMENTS: Environment[] = ['DEV', 'STG', 'PROD'];

type Assessment = DashboardAssessRiskQuery['assessRisk'];

export function SubmitPage() {
  const t = useT();
  const { api } = useSession();
  const [actionType, setActionType] = useState('RESTART_SERVICE');
  const [description, setDescription] = useState('');
  const [target, setTarget] = useState('');
  const [environment, setEnvironment] = useState<Environment>('DEV');
  const [targetCount, setTargetCount] = useState('1');
  const [payloadText, setPayloadText] = useState('');
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<{ id: string; status: string; riskLevel: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const count = Number.parseInt(targetCount, 10);
  let payload: unknown = undefined;
  let payloadValid = true;
  if (payloadText.trim()) {
    try {
      payload = JSON.parse(payloadText);
      payloadValid = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
    } catch {
      payloadValid = false;
    }
  }

  // The risk depends on the type, environment and blast radius; text fields get stand-ins until typed.
  useEffect(() => {
    const type = actionType.trim().toUpperCase();
    if (!type || !Number.isInteger(count) || count < 1) return setAssessment(null);
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const { assessRisk } = await api.request(AssessRisk, {
          input: { actionType: type, description: description.trim() || 'preview', target: target.trim() || 'preview', environment, targetCount: count },
        });
        if (current) {
          setAssessment(assessRisk);
          setPreviewError(null);
        }
      } catch (caught) {
        if (current) {
          setAssessment(null);
          setPreviewError(caught instanceof Error ? caught.message : String(caught));
        }
      }
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, actionType, environment, count, description, target]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!payloadValid) return setSubmitError(t('payloadInvalid'));
    setBusy(true);
    setSubmitError(null);
    try {
      const { submitAction } = await api.request(Submit, {
        input: { actionType: actionType.trim().toUpperCase(), description, target, environment, targetCount: count, payload },
      });
      setSubmitted(submitAction);
    } catch (caught) {
      setSubmitError(caught instanceof ApiError ? `${caught.message} (${caught.code})` : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="submit-title" class="two-columns">
      <form class="card form" onSubmit={submit} aria-labelledby="submit-title">
        <h1 id="submit-title">{t('submitTitle')}</h1>
        <label for="actionType">{t('actionType')}</label>
        <input id="actionType" list="action-types" required value={actionType} autocomplete="off" onInput={(event) => setActionType(event.currentTarget.value)} />
        <datalist id="action-types">{ACTION_TYPES.map((type) => <option key={type} value={type} />)}</datalist>
        <label for="description">{t('description')}</label>
        <textarea id="description" required maxLength={2000} rows={3} value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
        <label for="target">{t('target')}</label>
        <input id="target" required maxLength={500} value={target} onInput={(event) => setTarget(event.currentTarget.value)} />
        <div class="row">
          <div>
            <label for="environment">{t('environment')}</label>
            <select id="environment" value={environment} onChange={(event) => setEnvironment(event.currentTarget.value as Environment)}>
              {ENVIRONMENTS.map((env) => <option key={env} value={env}>{env}</option>)}
            </select>
          </div>
          <div>
            <label for="targetCount">{t('targetCount')}</label>
            <input id="targetCount" type="number" min={1} max={100000} required value={targetCount} onInput={(event) => setTargetCount(event.currentTarget.value)} />
          </div>
        </div>
        <label for="payload">{t('payload')}</label>
        <textarea id="payload" rows={3} spellcheck={false} value={payloadText} aria-invalid={!payloadValid} onInput={(event) => setPayloadText(event.currentTarget.value)} />
        {!payloadValid && <p class="error">{t('payloadInvalid')}</p>}
        <button type="submit" class="primary" disabled={busy}>{t('submit')}</button>
        <ErrorLine error={submitError} />
        {submitted && (
          <p class="success" role="status" data-submitted={submitted.id}>
            {t('submitted')}: <a href={href(`/actions/${submitted.id}`)} onClick={onLinkClick}>{submitted.id}</a> — {submitted.status} (<RiskBadge level={submitted.riskLevel} />)
          </p>
        )}
      </form>
      <aside class="card preview" aria-labelledby="preview-title" aria-live="polite" data-preview-risk={assessment?.riskLevel ?? ''}>
        <h2 id="preview-title">{t('preview')}</h2>
        <p class="muted">{t('previewHelp')}</p>
        <ErrorLine error={previewError} />
        {assessment && (
          <>
            <p class="preview-level"><RiskBadge level={assessment.riskLevel} /> {assessment.requiresApproval ? t('needsApproval') : t('runsAtOnce')} <span class="muted">({t('policy')}{assessment.policyVersion})</span></p>
            <ul class="factor-list">
              {assessment.factors.map((factor) => <li key={factor.name}><code>{factor.name}</code> <strong>{factor.effect}</strong> — {factor.detail}</li>)}
            </ul>
          </>
        )}
      </aside>
    </section>
  );
}
