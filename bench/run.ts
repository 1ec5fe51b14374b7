// npm run bench — runs every bench/*.bench.ts in turn, each in its own process, prints their
// figures, and ends with a summary table of the lines they print starting with "SUMMARY " (a JSON
// object: work, opsloop, baseline?, ratio?, target?) and each bench's wall time.
// Benchmarks measure; they never fail on a number.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

interface Row {
  bench: string;
  work: string;
  opsloop: string;
  baseline?: string;
  ratio?: string;
  target?: string;
}

function runBench(file: string): Promise<{ status: number | null; rows: Row[] }> {
  return new Promise((resolve) => {
    const rows: Row[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    });
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      process.stdout.write(chunk);
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('SUMMARY ')) continue;
        try {
          rows.push({ bench: file.replace('.bench.ts', ''), ...(JSON.parse(line.slice('SUMMARY '.length)) as Omit<Row, 'bench'>) });
        } catch {
          rows.push({ bench: file.replace('.bench.ts', ''), work: line.slice('SUMMARY '.length), opsloop: '' });
        }
      }
    });
    child.on('close', (status) => resolve({ status, rows }));
  });
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const started = performance.now();
const rows: Row[] = [];
const times: string[][] = [['bench', 'wall time', 'exit']];
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const benchStarted = performance.now();
  const result = await runBench(file);
  if (result.status !== 0) failed += 1;
  rows.push(...result.rows);
  if (result.rows.length === 0) rows.push({ bench: file.replace('.bench.ts', ''), work: '(figures above; no SUMMARY line)', opsloop: '' });
  times.push([file, `${((performance.now() - benchStarted) / 1000).toFixed(0)} s`, String(result.status)]);
}
if (files.length === 0) {
  console.log('no benchmarks found');
} else {
  console.log(`\n=== summary (${((performance.now() - started) / 1000).toFixed(0)} s in all)\n`);
  console.log(table([['bench', 'work', 'opsloop', 'baseline', 'ratio', 'target'], ...rows.map((r) => [r.bench, r.work, r.opsloop, r.baseline ?? '', r.ratio ?? '', r.target ?? ''])]));
  console.log(`\n${table(times)}`);
}
process.exit(failed ? 1 : 0);
