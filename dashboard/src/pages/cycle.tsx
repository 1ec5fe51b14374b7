// The auto-processing cycle: recent runs with per-step counts and durations; "Run now" for ADMIN;
// runs update live from autoCycleCompleted.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { CycleCompleted, CycleRuns, RunCycle } from '../api/documents.js';
import { ErrorLine, Loading, StatusBadge } from '../components/common.js';
import type { DashboardCycleRunFragment, DashboardCycleRunsQuery } from '../generated/graphql.js';
import { formatTime, useLanguage, useT } from '../i18n.js';
import { useSession } from '../session.js';

type Run = DashboardCycleRunFragment;

function upsert(runs: Run[], run: Run): Run[] {
  const known = runs.find((item) => item.id === run.id);
  // The completion event can overtake runAutoCycle's own answer (RUNNING): never step back.
  if (known?.finishedAt && !run.finishedAt) return runs;
  const rest = runs.filter((item) => item.id !== run.id);
  return [run, ...rest].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** While a run is in progress, re-read this often too (a completion event is the usual way). */
const RUNNING_REFRESH_MS = 5000;

export function CyclePage() {
  const t = useT();
  const language = useLanguage();
  const { api, role } = useSession();
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [settings, setSettings] = useState<DashboardCycleRunsQuery['autoStatus'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const data = await api.request(CycleRuns);
      setRuns(data.autoCycleRuns.edges.map((edge) => edge.node));
      setSettings(data.autoStatus);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, [api]);

  useEffect(() => {
    void load();
    const unsubscribe = api.subscribe(CycleCompleted, undefined, ({ autoCycleCompleted }) => setRuns((current) => upsert(current ?? [], autoCycleCompleted)));
    const offConnected = api.onConnected(() => void load());
    return () => {
      unsubscribe();
      offConnected();
    };
  }, [api, load]);

  const running = runs?.some((run) => run.status === 'RUNNING') ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void load(), RUNNING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, load]);

  const runNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const { runAutoCycle } = await api.request(RunCycle);
      setRuns((current) => upsert(current ?? [], runAutoCycle));
    } catch (caught) {
      setError(caught instanceof ApiError ? `${caught.message} (${caught.code})` : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="cycle-title">
      <div class="page-title">
        <h1 id="cycle-title">{t('cycleTitle')}</h1>
        {settings && <p class="muted">{settings.autoProcessing ? t('schedule', { n: settings.cycleIntervalMinutes }) : t('scheduleOff')}</p>}
        {role === 'ADMIN' && <button type="button" class="primary" disabled={busy} onClick={runNow}>{t('runNow')}</button>}
      </div>
      <ErrorLine error={error} />
      {!runs ? <Loading /> : runs.length === 0 ? <p class="empty">{t('noRuns')}</p> : (
        <ul class="runs">
          {runs.map((run) => (
            <li class="card" key={run.id} data-run-id={run.id} data-run-status={run.status}>
              <p class="item-head">
                <StatusBadge status={run.status} /> <code>{run.id}</code>
                <span class="muted">{t('started')} {formatTime(run.startedAt, language)}</span>
                {run.finishedAt && <span class="muted">{t('duration')} {((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s</span>}
                <span class="muted">{t('triggeredBy')} {run.triggeredBy}</span>
              </p>
              {run.error && <p class="error">{run.error}</p>}
              {run.steps.length > 0 && (
                <div class="table-wrap">
                  <table class="table compact">
                    <thead><tr><th scope="col">{t('steps')}</th><th scope="col">{t('processed')}</th><th scope="col">{t('leftForHuman')}</th><th scope="col">{t('duration')}</th></tr></thead>
                    <tbody>
                      {run.steps.map((step) => (
                        <tr key={step.name}><td>{step.name}{step.error && <span class="error"> {step.error}</span>}</td><td>{step.processed}</td><td>{step.leftForHuman}</td><td>{step.durationMs} ms</td></tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
