// Base vs adapted threshold over a detector's calibration history, drawn as plain SVG.
import { useT } from '../i18n.js';

export interface ChartAdjustment {
  at: string;
  previousThreshold: number;
  newThreshold: number;
}

const WIDTH = 360;
const HEIGHT = 140;
const PAD = { left: 44, right: 12, top: 12, bottom: 22 };

/** `adjustments` newest first, as the API lists them. */
export function ThresholdChart({ name, base, adapted, adjustments }: { name: string; base: number; adapted: number; adjustments: ChartAdjustment[] }) {
  const t = useT();
  const history = [...adjustments].reverse();
  // The value before the first recorded change, then the value after each one.
  const values = history.length ? [history[0].previousThreshold, ...history.map((a) => a.newThreshold)] : [adapted];
  const all = [...values, base];
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min === max) {
    min -= Math.abs(min) * 0.1 || 1;
    max += Math.abs(max) * 0.1 || 1;
  }
  const span = max - min;
  min -= span * 0.1;
  max += span * 0.1;
  const x = (index: number) => PAD.left + (values.length === 1 ? (WIDTH - PAD.left - PAD.right) / 2 : (index / (values.length - 1)) * (WIDTH - PAD.left - PAD.right));
  const y = (value: number) => PAD.top + (1 - (value - min) / (max - min)) * (HEIGHT - PAD.top - PAD.bottom);
  const points = values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const label = t('thresholdChart', { name });
  const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2));
  // Dates along the time axis, or times when the whole history is one day.
  const sameDay = history.length > 0 && new Date(history[0].at).toDateString() === new Date(history[history.length - 1].at).toDateString();
  const when = (iso: string) => (sameDay ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : new Date(iso).toLocaleDateString());

  return (
    <figure class="chart" data-threshold-chart={name} data-points={values.length}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <title>{label}</title>
        <line class="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={HEIGHT - PAD.bottom} />
        <line class="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} />
        <text class="tick" x={PAD.left - 4} y={y(max - (max - min) * 0.1) + 4} text-anchor="end">{format(max - (max - min) * 0.1)}</text>
        <text class="tick" x={PAD.left - 4} y={y(min + (max - min) * 0.1) + 4} text-anchor="end">{format(min + (max - min) * 0.1)}</text>
        <line class="base-line" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(base)} y2={y(base)} />
        {values.length > 1 && <polyline class="adapted-line" points={points} />}
        {values.map((value, index) => <circle class="adapted-point" key={index} cx={x(index)} cy={y(value)} r={3}><title>{format(value)}</title></circle>)}
        <text class="tick" x={PAD.left} y={HEIGHT - 6}>{history.length ? when(history[0].at) : ''}</text>
        <text class="tick" x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end">{history.length ? when(history[history.length - 1].at) : ''}</text>
      </svg>
      <figcaption class="legend">
        <span><span class="swatch base" aria-hidden="true" /> {t('base')} {format(base)}</span>
        <span><span class="swatch adapted" aria-hidden="true" /> {t('adapted')} {format(adapted)}</span>
      </figcaption>
    </figure>
  );
}
