// Where the time goes in a .cpuprofile: self and inclusive time by group (yoga/whatwg-node bridge,
// jose/WebCrypto, graphql parse/validate/execute, Pothos, Prisma, pg, tsx loader, GC…) and the top
// functions by self time.
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The group of one frame; order matters (first match wins). */
const GROUPS: Array<[string, (frame: CallFrame) => boolean]> = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  ['(program: native, unattributed)', (f) => f.functionName === '(program)'],
  ['tsx loader / ESM hooks', (f) => /\/tsx\/|esbuild|get-tsconfig|node:internal\/modules\/esm|source-map/.test(f.url)],
  ['jose + WebCrypto', (f) => /\/jose\/|node:internal\/crypto/.test(f.url)],
  ['graphql parse (lexer/parser)', (f) => /\/graphql\/language\//.test(f.url)],
  ['graphql validate', (f) => /\/graphql\/validation\//.test(f.url)],
  ['graphql execute (graphql-js)', (f) => /\/graphql\/execution\//.test(f.url)],
  ['graphql execute (@graphql-tools/executor, as yoga runs it)', (f) => /@graphql-tools\/executor\//.test(f.url)],
  ['@graphql-tools/utils', (f) => /@graphql-tools\/utils\//.test(f.url)],
  ['graphql-scalars (DateTime/JSON serialize)', (f) => /graphql-scalars/.test(f.url)],
  ['graphql other (types, utilities, errors)', (f) => /node_modules\/graphql\//.test(f.url)],
  ['graphql-armor / envelop plugins', (f) => /graphql-armor|@envelop\//.test(f.url)],
  ['yoga / whatwg-node', (f) => /graphql-yoga|@whatwg-node|@graphql-yoga/.test(f.url)],
  ['Fetch API objects / web streams (undici, node:internal/webstreams)', (f) => /undici|webstreams|node:internal\/(abort_controller|event_target|url|blob|webidl|encoding)/.test(f.url)],
  ['Pothos', (f) => /@pothos\//.test(f.url)],
  ['Prisma client / query compiler', (f) => /@prisma\/client|generated\/prisma|@prisma\/client-runtime|query_compiler|@prisma\/(driver-adapter|adapter)/.test(f.url)],
  ['pg driver', (f) => /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-)/.test(f.url)],
  ['PGlite', (f) => /pglite/.test(f.url)],
  ['graphql-ws / ws', (f) => /graphql-ws|node_modules\/ws\//.test(f.url)],
  ['pino logging', (f) => /pino|sonic-boom/.test(f.url)],
  ['zod', (f) => /node_modules\/zod/.test(f.url)],
  ['opsloop src/', (f) => /\/src\//.test(f.url) && !/node_modules/.test(f.url)],
  ['node http/net/streams (inclusive: everything below the event loop)', (f) => /node:(_http|http|net|internal\/(http|streams|stream_base|net|timers|async_hooks|process))|node:(stream|events|timers)/.test(f.url)],
  ['other node_modules', (f) => /node_modules/.test(f.url)],
  ['other node internals', (f) => /^node:/.test(f.url)],
  ['(anonymous/native builtins)', () => true],
];

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  groups: Array<{ group: string; selfPct: number; inclusivePct: number }>;
  top: Array<{ name: string; selfPct: number }>;
  inclusive: Array<{ name: string; pct: number }>;
}

/** `markers`: [label, frame test] whose inclusive share (of busy samples) is reported. */
export function summarize(profile: CpuProfile, markers: Array<[string, (frame: CallFrame) => boolean]>): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const groupOf = new Map<number, string>();
  for (const node of profile.nodes) groupOf.set(node.id, GROUPS.find(([, test]) => test(node.callFrame))![0]);

  const selfMs = new Map<string, number>();
  const inclMs = new Map<string, number>();
  const fnSelf = new Map<string, number>();
  const markerMs = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const stackCache = new Map<number, { groups: Set<string>; markers: Set<string> }>();
  const stackOf = (id: number) => {
    let cached = stackCache.get(id);
    if (cached) return cached;
    const groups = new Set<string>();
    const marks = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      groups.add(groupOf.get(at)!);
      for (const [label, test] of markers) if (test(node.callFrame)) marks.add(label);
    }
    cached = { groups, markers: marks };
    stackCache.set(id, cached);
    return cached;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const node = byId.get(id)!;
    const group = groupOf.get(id)!;
    if (group === 'idle') {
      idle += ms;
      continue;
    }
    selfMs.set(group, (selfMs.get(group) ?? 0) + ms);
    const { groups, markers: marks } = stackOf(id);
    for (const g of groups) if (g !== '(anonymous/native builtins)' && g !== '(program: native, unattributed)') inclMs.set(g, (inclMs.get(g) ?? 0) + ms);
    for (const m of marks) markerMs.set(m, (markerMs.get(m) ?? 0) + ms);
    const frame = node.callFrame;
    const where = frame.url ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    fnSelf.set(name, (fnSelf.get(name) ?? 0) + ms);
  }
  const busy = total - idle;
  const pct = (ms: number) => (100 * ms) / busy;
  return {
    totalMs: total,
    busyMs: busy,
    groups: [...selfMs.entries()]
      .map(([group, ms]) => ({ group, selfPct: pct(ms), inclusivePct: pct(inclMs.get(group) ?? ms) }))
      .sort((a, b) => b.selfPct - a.selfPct),
    top: [...fnSelf.entries()].map(([name, ms]) => ({ name, selfPct: pct(ms) })).sort((a, b) => b.selfPct - a.selfPct).slice(0, 25),
    inclusive: markers.map(([label]) => ({ name: label, pct: pct(markerMs.get(label) ?? 0) })),
  };
}

export function printSummary(title: string, summary: ProfileSummary): void {
  console.log(`\n--- ${title}: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${((100 * summary.busyMs) / summary.totalMs).toFixed(0)}% busy (percentages of busy time)`);
  console.log('group                                                        self   inclusive');
  for (const g of summary.groups) console.log(`  ${g.group.padEnd(58)} ${g.selfPct.toFixed(1).padStart(5)}%  ${g.inclusivePct.toFixed(1).padStart(5)}%`);
  console.log('inclusive, by entry point:');
  for (const m of summary.inclusive) console.log(`  ${m.name.padEnd(58)} ${m.pct.toFixed(1).padStart(5)}%`);
  console.log('top functions by self time:');
  for (const f of summary.top) console.log(`  ${f.selfPct.toFixed(1).padStart(5)}%  ${f.name}`);
}
