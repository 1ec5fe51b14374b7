// Load generation and figures shared by the benches: autocannon runs, alternating rounds,
// medians, percentiles, and the SUMMARY lines bench/run.ts gathers into its final table.
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  body: string;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    body: options.body,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs `contenders` in alternating order for `rounds` rounds (A B, B A, A B …) so drift (caches,
 * JIT, the database's buffers) does not favour one; returns every contender's results by name.
 */
export async function alternate<T>(rounds: number, contenders: Array<{ name: string; run: () => Promise<T> }>, report?: (name: string, round: number, result: T) => void): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const result = await contender.run();
      results.get(contender.name)!.push(result);
      report?.(contender.name, round + 1, result);
    }
  }
  return results;
}

export const fmt = {
  rps: (value: number) => `${Math.round(value).toLocaleString('en-US')} req/s`,
  ms: (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`,
  ratio: (value: number) => `${value.toFixed(2)}×`,
  bytes: (value: number) => (value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MiB` : `${(value / 1024).toFixed(1)} KiB`),
};

export interface SummaryRow {
  work: string;
  opsloop: string;
  baseline?: string;
  ratio?: string;
  target?: string;
}

/** One row of the final table of `npm run bench` (bench/run.ts reads lines starting "SUMMARY "). */
export function summary(row: SummaryRow): void {
  console.log(`SUMMARY ${JSON.stringify(row)}`);
}
