// The real-workbench section of results/latest.{json,md} (see workbench.ts).
import { OUR_CONCURRENCY } from './measure';

/**
 * today: every page by ID, sorted at once, nothing shown until then; pages: name-ordered, shown as they
 * come; new: the same, with the first page read ahead when the group's count was shown.
 */
export type Approach = 'today' | 'pages' | 'new';

export interface WorkbenchCase {
  readonly approach: Approach;
  readonly users: number;
  readonly activeUsers: number;
  readonly latencyMs: number;
  /** From the click on Active to the first slice's row in the page. */
  readonly firstRowMs: number;
  /** From the click to the whole group: the later of its progress gone from the page and the last page answered. */
  readonly completeMs: number;
  /** The extension host's longest event-loop delay while the group loaded (about its longest task). */
  readonly longestTaskMs: number;
  /** From Workfront's answer to a deactivation (sent at arrival + latency + handling) to the row gone. */
  readonly answerToMovedMs: number;
  readonly searches: number;
  readonly simulatorMsPerSearch: number;
}

export interface WorkbenchSection {
  readonly date: string;
  readonly cpus: number;
  readonly runSeconds: number;
  readonly cases: readonly WorkbenchCase[];
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const rt = (n: number, latency: number) => `${(n / latency).toFixed(2)} RT`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export function renderWorkbenchSection(s: WorkbenchSection): string {
  const out: string[] = [];
  out.push('## In the real workbench: a large Active group expanded (issue 15)\n');
  out.push(
    `- Command: \`npm run bench:workbench\` (also part of \`npm run bench\`); ${s.date}; ${s.cpus} cores; ${s.runSeconds.toFixed(0)} s.`,
  );
  out.push(
    "- VS Code (code-server) in headless Chromium, clicked with Playwright; the simulator in the benchmark process with the latency shown added to every request. **today**: the listing before issue 15 (every page by ID, the whole list sorted at once, nothing shown until then; `WF_BENCH_LISTING=byId`); **pages**: pages in Workfront's name order, each shown as new slices when the pages before it are here (`WF_BENCH_READ_AHEAD=off`); **new**: the same, with the group's first page read ahead when its count was shown (here at sign-in, before the latency was set; its search is not counted below).",
  );
  out.push(
    `- First row: from the click on Active (the page's mousedown) to the first slice in the page (times from a MutationObserver in the page). Whole: to the later of the group's progress gone from the page and the last page answered (VS Code does not render every intermediate label). Floor: ceil(N/2000)/${OUR_CONCURRENCY} round trips (the default requests in flight). Longest task: the extension host's longest event-loop delay while the group loaded (\`monitorEventLoopDelay\`, 5 ms resolution). Answer→moved: from the simulator sending its answer to a deactivation to the row gone from Active, in the loaded group (target: one round trip + 50 ms).\n`,
  );
  out.push(
    '| users (active) | latency | approach | first row | whole | whole / floor | first row vs today | longest task | answer→moved | searches | sim ms/search |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of s.cases) {
    const floor = Math.max(1, Math.ceil(c.activeUsers / 2000) / OUR_CONCURRENCY) * c.latencyMs;
    const today = s.cases.find((t) => t.approach === 'today' && t.users === c.users && t.latencyMs === c.latencyMs);
    out.push(
      `| ${c.users.toLocaleString('en-US')} (${c.activeUsers.toLocaleString('en-US')}) | ${c.latencyMs} ms | ${c.approach} | ${ms(c.firstRowMs)} = ${rt(c.firstRowMs, c.latencyMs)} | ${ms(c.completeMs)} = ${rt(c.completeMs, c.latencyMs)} | ${ratio(c.completeMs, floor)} | ${c.approach !== 'today' && today ? ratio(c.firstRowMs, today.firstRowMs) : ''} | ${ms(c.longestTaskMs)} | ${ms(c.answerToMovedMs)} | ${c.searches} | ${c.simulatorMsPerSearch.toFixed(1)} |`,
    );
  }
  return `${out.join('\n')}\n`;
}
