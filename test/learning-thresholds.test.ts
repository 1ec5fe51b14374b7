// Adaptive thresholds through the public API: detectors are configured, metric reports are judged
// against the adapted threshold, labelled outcomes calibrate it in bounded steps within bounds of
// the base, every change is logged and streamed live, and precision/recall are exposed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { runCycle } from './helpers/itsm.js';
import { codeOf, learningCast, LearningStatsQuery } from './helpers/learning.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const LearningSetThreshold = graphql(`
  mutation LearningSetThreshold($input: SetThresholdInput!) {
    setThreshold(input: $input) { id source metricType baseThreshold adaptedThreshold changePct precision recall adaptationCount }
  }
`);

const LearningOutcome = graphql(`
  mutation LearningOutcome($input: AnomalyOutcomeInput!) {
    recordAnomalyOutcome(input: $input) { id baseThreshold adaptedThreshold truePositive falsePositive missedCount precision recall }
  }
`);

const LearningMissed = graphql(`
  mutation LearningMissed($input: DetectorInput!) {
    recordMissedDetection(input: $input) { id missedCount recall }
  }
`);

const LearningCalibrate = graphql(`
  mutation LearningCalibrate($input: DetectorInput!) {
    calibrateThreshold(input: $input) {
      adjusted previousThreshold newThreshold reason
      event { id previousThreshold newThreshold reason actor truePositive falsePositive missedCount }
      threshold { adaptedThreshold changePct adaptationCount lastAdaptedAt precision recall adjustments { previousThreshold newThreshold reason } }
    }
  }
`);

const LearningCalibrateAll = graphql(`
  mutation LearningCalibrateAll {
    calibrateAllThresholds { examined calibrated results { adjusted previousThreshold newThreshold threshold { source metricType } } }
  }
`);

const LearningThresholds = graphql(`
  query LearningThresholds($source: String, $metricType: String, $adaptedOnly: Boolean) {
    thresholds(source: $source, metricType: $metricType, adaptedOnly: $adaptedOnly, first: 100) {
      totalCount
      edges { node { source metricType adaptedThreshold adaptationCount } }
    }
  }
`);

const LearningReportMetric = graphql(`
  mutation LearningReportMetric($input: MetricInput!) {
    reportMetric(input: $input) { id source metricType value threshold thresholdId severity outcome detectedAt }
  }
`);

const LearningAnomalies = graphql(`
  query LearningAnomalies($source: String, $minSeverity: Severity) {
    anomalies(source: $source, minSeverity: $minSeverity, first: 100) { totalCount edges { node { id severity value outcome } } }
  }
`);

const LearningAnomalyIncidents = graphql(`
  query LearningAnomalyIncidents($source: String) {
    anomalies(source: $source, first: 10) { edges { node { id severity incident { id severity status anomaly { id } } } } }
  }
`);

const LearningCalibrated = graphql(`
  subscription LearningCalibrated {
    thresholdCalibrated { id previousThreshold newThreshold reason actor threshold { source metricType adaptedThreshold } }
  }
`);

let server: TestServer;
let admin: UserClient;
let engineer: UserClient;
let viewer: UserClient;
let requester: UserClient;

beforeAll(async () => {
  server = await startTestServer();
  ({ admin, engineer, viewer, requester } = await learningCast(server));
});
afterAll(() => server?.stop());

async function thresholdCount(): Promise<number> {
  return (await viewer.data(LearningThresholds, {})).thresholds.totalCount;
}

async function outcomes(source: string, metricType: string, wasActualIncident: boolean, times: number) {
  for (let i = 0; i < times; i++) await engineer.data(LearningOutcome, { input: { source, metricType, wasActualIncident } });
}

describe('detectors and metric reports', () => {
  it('configures a threshold and judges reported values against it', async () => {
    const { setThreshold } = await engineer.data(LearningSetThreshold, { input: { source: 'db01', metricType: 'cpu', baseThreshold: 80 } });
    expect(setThreshold).toMatchObject({ baseThreshold: 80, adaptedThreshold: 80, changePct: 0, precision: null, recall: null, adaptationCount: 0 });

    const report = async (value: number) => (await engineer.data(LearningReportMetric, { input: { source: 'db01', metricType: 'cpu', value } })).reportMetric;
    expect(await report(79.9)).toBeNull();
    expect(await report(80)).toMatchObject({ severity: 'MEDIUM', threshold: 80, thresholdId: setThreshold.id, outcome: null });
    expect(await report(99)).toMatchObject({ severity: 'MEDIUM' });
    expect(await report(100)).toMatchObject({ severity: 'HIGH' });
    const critical = await report(120);
    expect(critical).toMatchObject({ severity: 'CRITICAL', value: 120 });
    expect(critical!.id).toMatch(/^ANM-/);

    const all = await viewer.data(LearningAnomalies, { source: 'db01' });
    expect(all.anomalies.totalCount).toBe(4);
    expect(all.anomalies.edges[0]!.node.id).toBe(critical!.id);
    const severe = await viewer.data(LearningAnomalies, { source: 'db01', minSeverity: 'HIGH' });
    expect(severe.anomalies.edges.map((e) => e.node.severity).sort()).toEqual(['CRITICAL', 'HIGH']);
  });

  it('refuses bad values and unknown detectors, writing nothing', async () => {
    const before = await thresholdCount();
    for (const baseThreshold of [-5, 0]) {
      const result = await engineer.request(LearningSetThreshold, { input: { source: 'web01', metricType: 'latency', baseThreshold } });
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain('input.baseThreshold');
    }
    const emptySource = await engineer.request(LearningSetThreshold, { input: { source: '  ', metricType: 'latency', baseThreshold: 5 } });
    expect(codeOf(emptySource)).toBe('BAD_USER_INPUT');
    expect(emptySource.errors![0]!.message).toContain('input.source');
    expect(await thresholdCount()).toBe(before);

    const anomaliesBefore = (await viewer.data(LearningAnomalies, {})).anomalies.totalCount;
    const negative = await engineer.request(LearningReportMetric, { input: { source: 'db01', metricType: 'cpu', value: -1 } });
    expect(codeOf(negative)).toBe('BAD_USER_INPUT');
    expect(negative.errors![0]!.message).toContain('input.value');
    const unknown = await engineer.request(LearningReportMetric, { input: { source: 'nowhere', metricType: 'cpu', value: 1000 } });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(unknown.errors![0]!.message).toContain('nowhere/cpu');
    // Non-finite numbers never get past GraphQL's Float.
    const infinite = await server.request('mutation { reportMetric(input: {source: "db01", metricType: "cpu", value: Infinity}) { id } }', {}, engineer.token);
    expect(infinite.errors?.length).toBeGreaterThan(0);
    expect((await viewer.data(LearningAnomalies, {})).anomalies.totalCount).toBe(anomaliesBefore);

    expect(codeOf(await engineer.request(LearningMissed, { input: { source: 'nowhere', metricType: 'cpu' } }))).toBe('NOT_FOUND');
    expect(codeOf(await engineer.request(LearningCalibrate, { input: { source: 'nowhere', metricType: 'cpu' } }))).toBe('NOT_FOUND');
    const noBase = await engineer.request(LearningOutcome, { input: { source: 'nowhere', metricType: 'cpu', wasActualIncident: true } });
    expect(codeOf(noBase)).toBe('BAD_USER_INPUT');
    expect(noBase.errors![0]!.message).toContain('input.baseThreshold');
    const negativeBase = await engineer.request(LearningOutcome, { input: { source: 'nowhere', metricType: 'cpu', wasActualIncident: true, baseThreshold: -1 } });
    expect(codeOf(negativeBase)).toBe('BAD_USER_INPUT');
    expect(await thresholdCount()).toBe(before);
  });

  it('labels anomalies: a relabel moves the count instead of counting twice; a foreign or unknown anomaly is refused', async () => {
    await engineer.data(LearningSetThreshold, { input: { source: 'app01', metricType: 'errors', baseThreshold: 10 } });
    const anomaly = (await engineer.data(LearningReportMetric, { input: { source: 'app01', metricType: 'errors', value: 11 } })).reportMetric!;
    const label = (wasActualIncident: boolean) =>
      engineer.data(LearningOutcome, { input: { source: 'app01', metricType: 'errors', wasActualIncident, anomalyId: anomaly.id } });
    expect((await label(true)).recordAnomalyOutcome).toMatchObject({ truePositive: 1, falsePositive: 0, precision: 1 });
    expect((await label(true)).recordAnomalyOutcome).toMatchObject({ truePositive: 1, falsePositive: 0 });
    expect((await label(false)).recordAnomalyOutcome).toMatchObject({ truePositive: 0, falsePositive: 1, precision: 0 });
    const listed = await viewer.data(LearningAnomalies, { source: 'app01' });
    expect(listed.anomalies.edges[0]!.node.outcome).toBe('FALSE_POSITIVE');

    const foreign = await engineer.request(LearningOutcome, { input: { source: 'db01', metricType: 'cpu', wasActualIncident: true, anomalyId: anomaly.id } });
    expect(codeOf(foreign)).toBe('BAD_USER_INPUT');
    expect(codeOf(await engineer.request(LearningOutcome, { input: { source: 'app01', metricType: 'errors', wasActualIncident: true, anomalyId: 'ANM-00000000' } }))).toBe('NOT_FOUND');
    const malformed = await engineer.request(LearningOutcome, { input: { source: 'app01', metricType: 'errors', wasActualIncident: true, anomalyId: 'ANM-NOPE0000' } });
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.message).toContain('input.anomalyId');
    // A lower-case id is the same anomaly; the refusals above counted nothing.
    expect((await engineer.data(LearningOutcome, { input: { source: 'app01', metricType: 'errors', wasActualIncident: false, anomalyId: anomaly.id.toLowerCase() } })).recordAnomalyOutcome)
      .toMatchObject({ truePositive: 0, falsePositive: 1 });
  });
});

describe('the loop with the auto cycle', () => {
  it('the cycle opens an incident for a HIGH or CRITICAL anomaly, none for a MEDIUM one', async () => {
    await engineer.data(LearningSetThreshold, { input: { source: 'lb01', metricType: 'errors', baseThreshold: 100 } });
    const medium = (await engineer.data(LearningReportMetric, { input: { source: 'lb01', metricType: 'errors', value: 110 } })).reportMetric!;
    const critical = (await engineer.data(LearningReportMetric, { input: { source: 'lb01', metricType: 'errors', value: 200 } })).reportMetric!;
    expect((await runCycle(admin)).status).toBe('SUCCEEDED');
    const byId = new Map((await viewer.data(LearningAnomalyIncidents, { source: 'lb01' })).anomalies.edges.map((e) => [e.node.id, e.node]));
    expect(byId.get(medium.id)!.incident).toBeNull();
    expect(byId.get(critical.id)!.incident).toMatchObject({ severity: 'CRITICAL', status: 'OPEN', anomaly: { id: critical.id } });
  });
});

describe('calibration', () => {
  it('waits for enough outcomes, raises the threshold when false positives dominate, logs and streams the change', async () => {
    const socket = await viewer.ws();
    const live = socket.subscribe(LearningCalibrated);
    await engineer.data(LearningSetThreshold, { input: { source: 'web01', metricType: 'latency', baseThreshold: 500 } });
    await outcomes('web01', 'latency', false, 4);
    const early = (await engineer.data(LearningCalibrate, { input: { source: 'web01', metricType: 'latency' } })).calibrateThreshold;
    expect(early).toMatchObject({ adjusted: false, previousThreshold: 500, newThreshold: 500, event: null });
    expect(early.reason).toContain('needs 5 outcomes');

    await outcomes('web01', 'latency', true, 1);
    const raised = (await engineer.data(LearningCalibrate, { input: { source: 'web01', metricType: 'latency' } })).calibrateThreshold;
    // 4 false positives, 1 true positive: imbalance 0.8 → +8% (the step is at most 10%).
    expect(raised).toMatchObject({ adjusted: true, previousThreshold: 500, newThreshold: 540 });
    expect(raised.reason).toContain('false positives dominate');
    expect(raised.event).toMatchObject({ previousThreshold: 500, newThreshold: 540, actor: 'erin', truePositive: 1, falsePositive: 4, missedCount: 0 });
    expect(raised.threshold).toMatchObject({ adaptedThreshold: 540, changePct: 8, adaptationCount: 1, precision: 0.2, recall: 1 });
    expect(raised.threshold.adjustments).toEqual([{ previousThreshold: 500, newThreshold: 540, reason: raised.reason }]);

    const event = await live.waitFor((r) => r.data?.thresholdCalibrated?.id === raised.event!.id);
    expect(event.data!.thresholdCalibrated).toMatchObject({
      previousThreshold: 500,
      newThreshold: 540,
      reason: raised.reason,
      threshold: { source: 'web01', metricType: 'latency', adaptedThreshold: 540 },
    });
    live.unsubscribe();

    // The loop closes: a value under the new threshold is no longer an anomaly.
    expect((await engineer.data(LearningReportMetric, { input: { source: 'web01', metricType: 'latency', value: 520 } })).reportMetric).toBeNull();
    expect((await engineer.data(LearningReportMetric, { input: { source: 'web01', metricType: 'latency', value: 540 } })).reportMetric).toMatchObject({ threshold: 540 });

    // The same outcomes do not move it twice.
    const again = (await engineer.data(LearningCalibrate, { input: { source: 'web01', metricType: 'latency' } })).calibrateThreshold;
    expect(again).toMatchObject({ adjusted: false, newThreshold: 540 });
  });

  it('lowers the threshold when detections are missed', async () => {
    await engineer.data(LearningSetThreshold, { input: { source: 'disk01', metricType: 'usage', baseThreshold: 90 } });
    for (let i = 0; i < 5; i++) await engineer.data(LearningMissed, { input: { source: 'disk01', metricType: 'usage' } });
    const lowered = (await engineer.data(LearningCalibrate, { input: { source: 'disk01', metricType: 'usage' } })).calibrateThreshold;
    expect(lowered).toMatchObject({ adjusted: true, previousThreshold: 90, newThreshold: 81 });
    expect(lowered.reason).toContain('missed');
    expect(lowered.threshold).toMatchObject({ changePct: -10, recall: 0, precision: null });
  });

  it('moves in bounded steps and never beyond twice the base', async () => {
    await engineer.data(LearningSetThreshold, { input: { source: 'queue01', metricType: 'depth', baseThreshold: 10 } });
    const seen: number[] = [];
    for (let round = 0; round < 9; round++) {
      await outcomes('queue01', 'depth', false, 5);
      const result = (await engineer.data(LearningCalibrate, { input: { source: 'queue01', metricType: 'depth' } })).calibrateThreshold;
      seen.push(result.newThreshold);
      if (result.adjusted) expect(result.newThreshold / result.previousThreshold).toBeLessThanOrEqual(1.1 + 1e-9);
      else expect(result.reason).toContain('bound');
    }
    expect(Math.max(...seen)).toBe(20);
    expect(seen.at(-1)).toBe(20);
  });

  it('a new base resets the adapted value, and the change is logged', async () => {
    const { setThreshold } = await engineer.data(LearningSetThreshold, { input: { source: 'web01', metricType: 'latency', baseThreshold: 600 } });
    expect(setThreshold).toMatchObject({ baseThreshold: 600, adaptedThreshold: 600, changePct: 0 });
    const history = (await engineer.data(LearningCalibrate, { input: { source: 'web01', metricType: 'latency' } })).calibrateThreshold.threshold.adjustments;
    expect(history[0]).toMatchObject({ previousThreshold: 540, newThreshold: 600 });
    expect(history[0]!.reason).toContain('base threshold set to 600');
  });

  it('calibrates every threshold for ADMINs only, and lists adapted ones', async () => {
    await outcomes('db01', 'cpu', false, 5);
    expect(codeOf(await engineer.request(LearningCalibrateAll, {}))).toBe('FORBIDDEN');
    const { calibrateAllThresholds: all } = await admin.data(LearningCalibrateAll, {});
    expect(all.examined).toBe(await thresholdCount());
    expect(all.results.map((r) => `${r.threshold.source}/${r.threshold.metricType}`)).toEqual(['db01/cpu']);
    expect(all.results[0]).toMatchObject({ adjusted: true, previousThreshold: 80, newThreshold: 88 });
    expect(all.calibrated).toBe(1);

    const adapted = await viewer.data(LearningThresholds, { adaptedOnly: true });
    expect(adapted.thresholds.edges.map((e) => e.node.source).sort()).toEqual(['db01', 'disk01', 'queue01', 'web01']);
    expect(adapted.thresholds.edges.every((e) => e.node.adaptationCount > 0)).toBe(true);
    expect((await viewer.data(LearningThresholds, { source: 'db01', metricType: 'cpu' })).thresholds.totalCount).toBe(1);
  });

  it('role rules: VIEWERs read only; REQUESTERs and anonymous callers get nothing', async () => {
    const input = { source: 'db01', metricType: 'cpu' };
    expect(codeOf(await viewer.request(LearningSetThreshold, { input: { ...input, baseThreshold: 1 } }))).toBe('FORBIDDEN');
    expect(codeOf(await viewer.request(LearningOutcome, { input: { ...input, wasActualIncident: true } }))).toBe('FORBIDDEN');
    expect(codeOf(await viewer.request(LearningMissed, { input }))).toBe('FORBIDDEN');
    expect(codeOf(await viewer.request(LearningCalibrate, { input }))).toBe('FORBIDDEN');
    expect(codeOf(await viewer.request(LearningReportMetric, { input: { ...input, value: 1 } }))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(LearningThresholds, {}))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(LearningAnomalies, {}))).toBe('FORBIDDEN');
    expect(codeOf(await server.request(LearningThresholds, {}, null))).toBe('UNAUTHENTICATED');
    const pm = await server.as('pam', 'PM');
    expect((await pm.data(LearningCalibrate, { input })).calibrateThreshold.adjusted).toBe(false);

    const socket = await requester.ws();
    const denied = socket.subscribe(LearningCalibrated);
    await denied.done;
    expect(denied.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('learningStats sums outcomes into overall precision and recall', async () => {
    const { learningStats } = await viewer.data(LearningStatsQuery, {});
    const { thresholds, anomalies } = learningStats;
    expect(thresholds.total).toBe(await thresholdCount());
    expect(thresholds.precision).toBeCloseTo(thresholds.truePositive / (thresholds.truePositive + thresholds.falsePositive), 3);
    expect(thresholds.recall).toBeCloseTo(thresholds.truePositive / (thresholds.truePositive + thresholds.missedCount), 3);
    expect(thresholds.missedCount).toBe(5);
    expect(thresholds.adapted).toBe(4);
    expect(anomalies.highOrCritical).toBeGreaterThanOrEqual(3);
    expect(anomalies.total).toBe((await viewer.data(LearningAnomalies, {})).anomalies.totalCount);
  });
});
