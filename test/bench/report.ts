// Renders the benchmark results as Markdown (stdout and results/latest.md).
import { OUR_CONCURRENCY, OUR_PAGE } from './measure';
import type { Results, Row } from './run';
import { renderWorkbenchSection } from './workbenchReport';

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (n >= 100 ? int(n) : n.toFixed(1));
const x = (n: number) => `${n >= 10 ? n.toFixed(0) : n.toFixed(1)}×`;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const users = (r: Row) => `${int(r.users)} (${int(r.active)} active)`;

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

export function renderMarkdown(res: Results): string {
  const L = res.args.latency;
  const out: string[] = [];
  out.push('# Workfront client benchmark: ours vs the documented recipe\n');
  out.push(`- Command: \`${res.command}\``);
  out.push(`- Date: ${res.date}; total runtime ${res.totalSeconds.toFixed(1)} s`);
  out.push(
    `- Node ${res.node}; ${res.machine.cores} cores (${res.machine.cpu}), ${res.machine.memGB} GB, ${res.machine.platform}; load average ${res.machine.loadAvgStart.join(' ')} at start, ${res.machine.loadAvgEnd.join(' ')} at end (shared machine: compare the ratios, which come from the same run)`,
  );
  out.push(
    `- Simulator in its own process (its CPU and heap are not the client's), ${L} ms added to every request unless stated. Reads (search, count, get) are computed while that latency runs, as Workfront's servers work on concurrent requests in parallel, and sent only if nothing changed meanwhile; the simulator's single thread otherwise adds each 2,000-row page's handling to the round trips of the requests behind it.`,
  );
  out.push(
    `- **Ours**: \`WorkfrontClient\` with default options (pageSize ${OUR_PAGE}, concurrency ${OUR_CONCURRENCY}): counts = \`countUsers\` active and inactive in parallel; list = \`listUsers({isActive:true}, {total: activeCount})\`. Median of ${res.args.reps} run(s) (min–max shown).`,
  );
  out.push(
    '- **Naive**: sequential pages of 100 (`$$LIMIT` omitted, `$$FIRST` += 100), `fields=*`, `isActive=true`, `ID_Sort=asc`, until a short page; raw records kept. Counts = **two sequential `/count` calls** (cheaper than listing everything, so the kinder choice for the baseline). One run.',
  );
  out.push(
    `- Floor: ceil(N_active/2000) requests, ceil(N_active/2000)/${OUR_CONCURRENCY} round trips (at least 1) × latency. RT = round trips = time / latency.`,
  );
  out.push(
    "- Both clients are warmed up (connections, JIT, the simulator's caches) before measuring; every listing is checked to return each active user exactly once.\n",
  );

  out.push(`## Time (latency ${L} ms)\n`);
  out.push(
    table(
      [
        'users',
        'ours counts',
        'naive counts',
        'ours list (min–max)',
        'naive list',
        'naive/ours list',
        'naive/(ours counts+list)',
        `floor ceil(N/2000)/${OUR_CONCURRENCY} RT`,
        'ours/floor',
        'load (1 min) ours / naive',
      ],
      res.sizes.map((r) => [
        users(r),
        `${ms(r.ours.counts.ms)} ms = ${r.derived.oursCountsRoundTrips.toFixed(2)} RT`,
        `${ms(r.naive.counts.ms)} ms = ${r.derived.naiveCountsRoundTrips.toFixed(2)} RT`,
        `${ms(r.ours.list.ms)} ms (${ms(r.derived.oursListMinMs)}–${ms(r.derived.oursListMaxMs)})`,
        `${ms(r.naive.list.ms)} ms`,
        `**${x(r.derived.speedupList)}**`,
        x(r.derived.speedupEndToEnd),
        `${r.derived.floorRoundTrips.toFixed(2)} RT = ${ms(r.derived.floorMs)} ms`,
        `${r.derived.oursOverFloor.toFixed(2)}×`,
        `${r.ours.list.load.toFixed(1)} / ${r.naive.list.load.toFixed(1)}`,
      ]),
    ),
  );

  out.push('## Requests\n');
  out.push(
    table(
      [
        'users',
        'ours list requests (keyset reads)',
        'floor ceil(N/2000)',
        'limit ceil(N/2000)+2',
        'naive list requests',
        'naive/ours',
        'ours max in flight',
        'failed requests ours / naive',
      ],
      res.sizes.map((r) => [
        users(r),
        `${r.ours.list.requests} (${r.ours.list.rangeReads})`,
        String(r.derived.floorRequests),
        String(r.derived.floorRequests + 2),
        int(r.naive.list.requests),
        x(r.derived.requestRatio),
        String(r.ours.list.maxInFlight),
        `${r.ours.list.failures} / ${r.naive.list.failures}`,
      ]),
    ),
  );

  out.push("## CPU: the client's and the simulator's (the simulator is not what is measured)\n");
  out.push(
    "Client CPU = user + system time of the benchmark process during the list (GC included). Simulator CPU = the simulator process's CPU per request (parse, handler, writing the answer); handler = its own `stats.handlerMsTotal / requests`. Latency is a timer, not CPU. Time in sim = from a request’s arrival to its answer being written: the added latency plus waiting for the simulator’s CPU (its requests are handled one at a time) plus handling.\n",
  );
  out.push(
    table(
      [
        'users',
        'ours list: wall / client CPU',
        'naive list: wall / client CPU',
        'client CPU per user ours / naive',
        'sim CPU per request: ours / naive',
        'sim handler per request: ours / naive',
        'sim CPU during ours list',
        `time in sim per request (latency ${L} ms): ours median (max) / naive median`,
        'sim start',
      ],
      res.sizes.map((r) => [
        users(r),
        `${ms(r.ours.list.ms)} / ${ms(r.ours.list.clientCpuMs)} ms`,
        `${ms(r.naive.list.ms)} / ${ms(r.naive.list.clientCpuMs)} ms`,
        `${((1000 * r.ours.list.clientCpuMs) / r.active).toFixed(1)} / ${((1000 * r.naive.list.clientCpuMs) / r.active).toFixed(1)} µs`,
        `${r.ours.list.simCpuMsPerRequest.toFixed(2)} / ${r.naive.list.simCpuMsPerRequest.toFixed(2)} ms`,
        `${r.ours.list.simMsPerRequest.toFixed(2)} / ${r.naive.list.simMsPerRequest.toFixed(2)} ms`,
        `${ms(r.ours.list.simCpuMsPerRequest * r.ours.list.requests)} ms`,
        `${ms(r.ours.list.simResidenceMedianMs)} (${ms(r.ours.list.simResidenceMaxMs)}) / ${ms(r.naive.list.simResidenceMedianMs)} ms`,
        `${ms(r.simStartMs)} ms`,
      ]),
    ),
  );

  const replayRows = [...res.sizes, ...res.sweep];
  out.push('## Diagnostic: ours with the simulator\u2019s CPU taken out\n');
  out.push(
    'The same listing, answered from memory by a replay server in the simulator\u2019s process (answers recorded from the simulator in one unmeasured listing) after the same added latency. It shows what the client achieves by itself; the targets below are judged against the simulator, not this.\n',
  );
  out.push(
    table(
      [
        'users',
        'latency',
        'ours list vs simulator',
        'ours list vs replay (min–max)',
        'floor',
        'replay/floor',
        'naive/ours-replay',
        'time in server per request (median)',
        'client CPU',
        'requests (not seen before)',
      ],
      replayRows.map((r) => [
        users(r),
        `${r.latencyMs} ms`,
        `${ms(r.ours.list.ms)} ms`,
        `${ms(r.replay.listMs)} ms (${ms(r.replay.minMs)}–${ms(r.replay.maxMs)})`,
        `${ms(r.derived.floorMs)} ms`,
        `${(r.replay.listMs / r.derived.floorMs).toFixed(2)}×`,
        x(r.naive.list.ms / r.replay.listMs),
        `${ms(r.replay.residenceMedianMs)} ms`,
        `${ms(r.replay.clientCpuMs)} ms`,
        `${r.replay.requests} (${r.replay.misses})`,
      ]),
    ),
  );

  const b = res.cpuBreakdown;
  if (b) {
    out.push(
      `## Where the client\u2019s CPU goes (${int(b.users)} users: the ${b.pages} pages of the Active list, ${int(b.rows)} rows, ${(b.bytes / 1e6).toFixed(1)} MB; ${b.twoBytePages} of ${b.pages} pages hold a character above U+00FF, so V8 keeps their text at two bytes per character)\n`,
    );
    out.push(
      'Each step on all pages at once, in the benchmark process, in the order a large page goes through them; system time here is mostly the kernel handing out fresh memory for large strings and buffers. The decoding thread is a worker (`dist/summaryWorker.js`): its steps run beside the extension host, which only copies, unpacks and merges. Client CPU in the tables above is the whole process, both threads.\n',
    );
    const perUser = (list: readonly { userMs: number; systemMs: number }[]) =>
      `${((1000 * list.reduce((n, s) => n + s.userMs + s.systemMs, 0)) / b.rows).toFixed(1)} µs`;
    const sum = (list: readonly { userMs: number; systemMs: number }[], key: 'userMs' | 'systemMs') =>
      `${ms(list.reduce((n, s) => n + s[key], 0))} ms`;
    const threadSum = (thread: string) => {
      const list = b.steps.filter((s) => s.thread === thread);
      return [`sum on the ${thread}`, '', sum(list, 'userMs'), sum(list, 'systemMs'), perUser(list)];
    };
    out.push(
      table(
        ['step', 'thread', 'user', 'system', 'per user'],
        [
          ...b.steps.map((s) => [s.step, s.thread, `${ms(s.userMs)} ms`, `${ms(s.systemMs)} ms`, perUser([s])]),
          threadSum('decoding thread'),
          threadSum('extension host'),
          [
            'whole `listUsers` against replayed answers (median run, both threads, HTTP and GC included)',
            '',
            '',
            '',
            `${((1000 * b.wholeListCpuMs) / b.rows).toFixed(1)} µs (${ms(b.wholeListCpuMs)} ms)`,
          ],
        ],
      ),
    );
  }

  out.push('## Memory of the client process (heap; retained = after GC with the list held, minus before)\n');
  out.push(
    table(
      [
        'users',
        'ours peak heap during list',
        'naive peak heap during list',
        'ours retained per user',
        'naive retained per user',
        'naive/ours retained',
      ],
      res.sizes.map((r) => [
        users(r),
        `+${mb(r.ours.list.peakHeapDeltaBytes)} MB`,
        `+${mb(r.naive.list.peakHeapDeltaBytes)} MB`,
        `${int(r.ours.list.retainedPerUser)} B (${mb(r.ours.list.retainedBytes)} MB)`,
        `${int(r.naive.list.retainedPerUser)} B (${mb(r.naive.list.retainedBytes)} MB)`,
        x(r.naive.list.retainedPerUser / r.ours.list.retainedPerUser),
      ]),
    ),
  );

  if (res.sweep.length > 0) {
    const at = [...res.sweep, ...res.sizes.filter((r) => r.users === res.sweep[0].users)].sort(
      (a, b) => a.latencyMs - b.latencyMs,
    );
    out.push(`## Latency sweep at ${int(at[0].users)} users (${int(at[0].active)} active)\n`);
    out.push(
      table(
        [
          'latency',
          'ours counts',
          'ours list (min–max)',
          'naive list',
          'naive/ours list',
          'ours/floor',
          'ours requests',
          'naive requests',
          'ours list client CPU',
          'sim CPU per request ours / naive',
        ],
        at.map((r) => [
          `${r.latencyMs} ms`,
          `${ms(r.ours.counts.ms)} ms = ${r.derived.oursCountsRoundTrips.toFixed(2)} RT`,
          `${ms(r.ours.list.ms)} ms (${ms(r.derived.oursListMinMs)}–${ms(r.derived.oursListMaxMs)})`,
          `${ms(r.naive.list.ms)} ms`,
          `**${x(r.derived.speedupList)}**`,
          `${r.derived.oursOverFloor.toFixed(2)}×`,
          String(r.ours.list.requests),
          int(r.naive.list.requests),
          `${ms(r.ours.list.clientCpuMs)} ms`,
          `${r.ours.list.simCpuMsPerRequest.toFixed(2)} / ${r.naive.list.simCpuMsPerRequest.toFixed(2)} ms`,
        ]),
      ),
    );
  }

  const a = res.activation;
  if (a) {
    out.push('## Activation\n');
    out.push(
      `Bundle: ${a.bundle}: **${int(a.bundleBytes)} bytes** (built in ${ms(a.buildMs)} ms). Each figure is the median of ${a.runs} fresh Node processes with a fake \`vscode\` module (Module._load hook).\n`,
    );
    out.push(
      table(
        [
          'scenario',
          '`require` bundle',
          '`activate(context)`',
          'all activate runs (ms)',
          'undici loaded',
          'subscriptions',
          "extension's own log",
        ],
        (['signedOut', 'signedIn'] as const).map((s) => [
          s === 'signedIn' ? 'one instance signed in (stored in globalState)' : 'nothing signed in',
          `${a[s].requireMs.toFixed(2)} ms`,
          `**${a[s].activateMs.toFixed(2)} ms**`,
          a[s].activateMsAll.join(', '),
          a[s].undiciLoaded ? 'yes' : `no (marker check works: ${a[s].markerWorks ? 'yes' : 'NO'})`,
          String(a[s].subscriptions),
          a[s].activatedLog ?? '—',
        ]),
      ),
    );
    const missing = [...new Set([...a.signedIn.missing, ...a.signedOut.missing])];
    if (missing.length > 0) out.push(`Fake \`vscode\` lacked (stubbed): ${missing.join(', ')}\n`);
  }

  const red = res.redaction;
  if (red) {
    out.push('## Redaction\n');
    out.push(
      `Every log line and message goes through the \`Redactor\` (every form of every secret: case, URL and JSON escapes, line breaks). ${int(red.lines)} ordinary log lines with two secrets registered, median of 7: **${ms(red.redactorMs)} ms** (${((red.redactorMs * 1000) / red.lines).toFixed(2)} µs a line) vs ${ms(red.splitJoinMs)} ms for a plain split/join of the exact secrets: **${(red.redactorMs / red.splitJoinMs).toFixed(1)}×**. Quoting 500 characters of a 20 MB answer takes ${red.quoteHugeUs.toFixed(0)} µs vs ${red.quoteSmallUs.toFixed(0)} µs for a 2 KB one (**${(red.quoteHugeUs / red.quoteSmallUs).toFixed(1)}×**: only the start is read).\n`,
    );
  }

  if (res.workbench) out.push(renderWorkbenchSection(res.workbench));
  out.push('## Targets\n');
  out.push(
    table(
      ['target', 'value', 'result'],
      res.targets.map((t) => [t.name, t.value, t.pass ? 'PASS' : '**FAIL**']),
    ),
  );
  return out.join('\n');
}

/**
 * The table docs/performance.md quotes, from the same results (test/unit/readme.test.ts
 * checks that it holds exactly this; `npm run bench` prints it).
 */
export function renderReadmeTable(res: Results): string {
  const rows = res.sizes.map((r, i) => [
    `${int(r.users)} (${int(r.active)})`,
    `${int(r.ours.counts.ms)} ms (${r.derived.oursCountsRoundTrips.toFixed(1)}${i === 0 ? ' round trips' : ''})`,
    `${int(r.ours.list.ms)} ms`,
    `${int(r.naive.list.ms)} ms`,
    x(r.derived.speedupList),
    `${int(r.ours.list.requests)} / ${int(r.naive.list.requests)}`,
  ]);
  const head = [
    'users (active)',
    'counts shown',
    'full Active list: ours',
    'naive',
    'naive/ours',
    'requests: ours / naive',
  ];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), `|${head.map(() => '---|').join('')}`, ...rows.map(line)].join('\n') + '\n';
}
