// Learning: adaptive thresholds (chart, precision/recall), recurring patterns, lessons (Verify),
// and KB articles by measured effectiveness. Re-read live when a threshold is calibrated.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { Calibrated, Learning, ThresholdHistory, VerifyLesson } from '../api/documents.js';
import { ThresholdChart } from '../components/threshold-chart.js';
import { ErrorLine, Loading, percent } from '../components/common.js';
import type { DashboardLearningQuery } from '../generated/graphql.js';
import { formatTime, useLanguage, useT } from '../i18n.js';
import { canOperate, useSession } from '../session.js';

type Data = DashboardLearningQuery;

export function LearningPage() {
  const t = useT();
  const language = useLanguage();
  const { api, role } = useSession();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  // Bumped on every calibration, so each chart re-reads its history.
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      setData(await api.request(Learning));
      setVersion((value) => value + 1);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, [api]);

  useEffect(() => {
    void load();
    const unsubscribe = api.subscribe(Calibrated, undefined, () => void load());
    const offConnected = api.onConnected(() => void load());
    return () => {
      unsubscribe();
      offConnected();
    };
  }, [api, load]);

  const verify = async (id: string) => {
    setVerifyError(null);
    try {
      await api.request(VerifyLesson, { id });
      await load();
    } catch (caught) {
      setVerifyError(caught instanceof ApiError ? `${caught.message} (${caught.code})` : String(caught));
    }
  };

  if (!data) return <section><h1>{t('learningTitle')}</h1><ErrorLine error={error} />{!error && <Loading />}</section>;
  const thresholds = data.thresholds.edges.map((edge) => edge.node);
  const articles = data.kbArticles.edges.map((edge) => edge.node)
    .sort((a, b) => (b.effectivenessScore ?? -1) - (a.effectivenessScore ?? -1) || b.appliedCount - a.appliedCount);

  return (
    <section aria-labelledby="learning-title">
      <h1 id="learning-title">{t('learningTitle')}</h1>
      <ErrorLine error={error} />

      <h2>{t('thresholds')}</h2>
      {thresholds.length === 0 ? <p class="empty">{t('noThresholds')}</p> : (
        <ul class="grid thresholds">
          {thresholds.map((threshold) => {
            const name = `${threshold.source} · ${threshold.metricType}`;
            return (
              <li class="card" key={threshold.id} data-threshold-id={threshold.id}>
                <h3>{name}</h3>
                <ThresholdHistoryChart name={name} source={threshold.source} metricType={threshold.metricType} base={threshold.baseThreshold} adapted={threshold.adaptedThreshold} version={version} />
                <dl class="facts compact">
                  <div><dt>{t('precision')}</dt><dd data-precision>{percent(threshold.precision)}</dd></div>
                  <div><dt>{t('recall')}</dt><dd data-recall>{percent(threshold.recall)}</dd></div>
                  <div><dt>{t('outcomes')}</dt><dd>{threshold.truePositive} / {threshold.falsePositive} / {threshold.missedCount}</dd></div>
                  <div><dt>{t('calibrations')}</dt><dd>{threshold.adaptationCount} ({threshold.changePct > 0 ? '+' : ''}{threshold.changePct.toFixed(1)}%)</dd></div>
                </dl>
                {threshold.lastAdaptedAt ? <p class="muted small">{formatTime(threshold.lastAdaptedAt, language)}</p> : <p class="muted small">{t('noCalibrations')}</p>}
              </li>
            );
          })}
        </ul>
      )}

      <h2>{t('patterns')}</h2>
      {data.patterns.edges.length === 0 ? <p class="empty">{t('noPatterns')}</p> : (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">{t('type')}</th><th scope="col">Keywords</th><th scope="col">{t('occurrences')}</th><th scope="col">{t('escalatedTo')}</th></tr></thead>
            <tbody>
              {data.patterns.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{node.srType}</td>
                  <td class="wrap">{node.keywords.slice(0, 6).join(', ')}</td>
                  <td>{node.occurrenceCount}</td>
                  <td>{node.problem ? <span title={node.problem.status}><code>{node.problem.id}</code> {node.problem.title}</span> : node.escalated ? '✓' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('lessons')}</h2>
      <ErrorLine error={verifyError} />
      {data.lessons.edges.length === 0 ? <p class="empty">{t('noLessons')}</p> : (
        <ul class="grid lessons">
          {data.lessons.edges.map(({ node }) => (
            <li class="card" key={node.id} data-lesson-id={node.lessonId}>
              <h3>{node.title}</h3>
              <p class="muted small">{node.lessonId} · {node.category} · {t('confidence')} {percent(node.confidenceScore)}</p>
              <p class="small">{node.problemPattern}</p>
              <p class="small"><strong>→</strong> {node.effectiveSolution}</p>
              {node.isVerified ? <p class="success small">✓ {t('verified')} {node.verifiedBy && `(${node.verifiedBy})`}</p>
                : canOperate(role) && <button type="button" onClick={() => verify(node.id)}>{t('verify')}</button>}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('kb')}</h2>
      {articles.length === 0 ? <p class="empty">{t('noKb')}</p> : (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">ID</th><th scope="col">Title</th><th scope="col">{t('effectiveness')}</th><th scope="col">{t('applied')}</th></tr></thead>
            <tbody>
              {articles.map((article) => (
                <tr key={article.id}>
                  <td><code>{article.id}</code></td>
                  <td class="wrap">{article.title}</td>
                  <td>{article.effectivenessScore == null ? <span class="muted">{t('notMeasured')}</span> : <meter min={0} max={1} value={article.effectivenessScore} aria-label={t('effectiveness')}>{percent(article.effectivenessScore)}</meter>} {percent(article.effectivenessScore)}</td>
                  <td>{article.appliedCount} / {article.failedCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Adjustment = { id: string; at: string; previousThreshold: number; newThreshold: number; reason: string; actor: string };

function ThresholdHistoryChart(props: { name: string; source: string; metricType: string; base: number; adapted: number; version: number }) {
  const t = useT();
  const { api } = useSession();
  const [adjustments, setAdjustments] = useState<Adjustment[] | null>(null);
  useEffect(() => {
    let current = true;
    api.request(ThresholdHistory, { source: props.source, metricType: props.metricType }).then(
      (data) => current && setAdjustments(data.thresholds.edges[0]?.node.adjustments ?? []),
      () => current && setAdjustments([]),
    );
    return () => {
      current = false;
    };
  }, [api, props.source, props.metricType, props.version]);
  if (!adjustments) return <Loading />;
  return (
    <>
      <ThresholdChart name={props.name} base={props.base} adapted={props.adapted} adjustments={adjustments} />
      {adjustments[0] && <p class="muted small" title={adjustments[0].actor}>{t('factors')}: {adjustments[0].reason}</p>}
    </>
  );
}
