// The real-workbench section of the benchmark (issue 15): a large Active group expanded in VS Code
// (code-server, Chromium, Playwright), the listing before issue 15 ("today": every page by ID, sorted at
// once, nothing shown until then) and the name-ordered one ("new") side by side in one run, against the
// in-process simulator with a fixed latency per request. Per case: the time from the click to the first
// row and to the whole group (the progress gone), the extension host's longest task while it loaded
// (its event-loop delay, sampled by src/util/benchProbe.ts), and the time from Workfront's answer to a
// deactivation to the row leaving Active.
//   npm run bench:workbench [-- --sizes 10000,100000 --latencies 50,300 --approaches today,pages,new]
// Writes the section into test/bench/results/latest.json (key "workbench") and latest.md.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator, type Simulator } from '../simulator';
import { stopSharedHosts, Workbench } from '../ui/harness';
import { firstSlice, pasteApiKey } from '../ui/steps';
import { renderMarkdown } from './report';
import type { Results } from './run';
import { renderWorkbenchSection, type Approach, type WorkbenchCase, type WorkbenchSection } from './workbenchReport';

const APPROACHES: readonly Approach[] = ['today', 'pages', 'new'];

/** Signs in to `sim` from the welcome view (the window's own simulator is not used). */
async function signIn(wb: Workbench, sim: Simulator): Promise<void> {
  await wb.openViewContainer('Workfront Users');
  await wb.clickSidebarButton('Sign in to Workfront');
  await wb.quickInputText();
  await wb.page.keyboard.press('Enter');
  await pasteApiKey(wb, sim.apiKey);
}

interface Marks {
  /** The click on the group (the mouse button pressed on its row). */
  clicked?: number;
  /** The first slice's row in the page. */
  first?: number;
  /** The group's progress ("24,000 of 85,050") last gone, or the first row when it never showed. */
  whole?: number;
  /** The deactivated user's row gone (once `armed`). */
  moved?: number;
  armed?: boolean;
}
type PageWindow = { __wf: Marks };
type PageDocument = {
  querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; textContent: string | null }>;
  body: unknown;
};
type Observer = new (cb: () => void) => { observe(target: unknown, options: object): void };

/**
 * Watches the side bar from inside the page (a MutationObserver, so the times are those of the DOM
 * changes, on the same machine's clock): Playwright's own waiting polls every 500 ms after its first
 * tries, too coarse to time a row, and polling at every frame loads the benchmark process.
 */
async function watchSidebar(wb: Workbench, sliceLabel: string, row: string): Promise<void> {
  await wb.page.evaluate(
    ([slice, user]) => {
      const g = globalThis as unknown as PageWindow & { document: PageDocument; MutationObserver: Observer };
      const marks: Marks = {};
      g.__wf = marks;
      const check = () => {
        const now = Date.now();
        const names = [...Array.from(g.document.querySelectorAll('.part.sidebar [role="treeitem"]'))].map(
          (r) => r.getAttribute('aria-label') ?? '',
        );
        const progress = Array.from(g.document.querySelectorAll('.part.sidebar .monaco-list-row')).some((r) =>
          /\d of \d/.test(r.textContent ?? ''),
        );
        if (marks.first === undefined && names.some((n) => n.startsWith(slice))) marks.first = now;
        if (progress) marks.whole = undefined;
        else if (marks.first !== undefined && marks.whole === undefined) marks.whole = now;
        if (marks.armed && marks.moved === undefined && !names.some((n) => n.startsWith(user))) marks.moved = now;
      };
      (g as unknown as { addEventListener(t: string, f: () => void, capture: boolean): void }).addEventListener(
        'mousedown',
        () => (marks.clicked ??= Date.now()),
        true,
      );
      new g.MutationObserver(check).observe(g.document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    },
    [sliceLabel, row] as const,
  );
}

async function marks(wb: Workbench): Promise<Marks> {
  return wb.page.evaluate(() => ({ ...(globalThis as unknown as PageWindow).__wf }));
}

/** Waits until `ready` holds for the marks (checked every 100 ms; the marks themselves are exact). */
async function waitForMarks(wb: Workbench, ready: (m: Marks) => boolean, timeoutMs: number): Promise<Marks> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await marks(wb);
    if (ready(m)) return m;
    if (Date.now() > deadline) throw new Error(`timed out waiting in the page: ${JSON.stringify(m)}`);
    await wb.page.waitForTimeout(100);
  }
}

/** The longest event-loop delay the probe saw in [from, to] (epoch ms). */
function longestTask(probeFile: string, from: number, to: number): number {
  let longest = 0;
  const lines = fs.existsSync(probeFile) ? fs.readFileSync(probeFile, 'utf8').split('\n') : [];
  for (const line of lines) {
    const [t, ms] = line.split(' ').map(Number);
    // Each line covers the 100 ms before it.
    if (t >= from && t - 100 <= to) longest = Math.max(longest, ms);
  }
  return longest;
}

async function measureCase(
  sim: Simulator,
  approach: Approach,
  latencyMs: number,
  probeFile: string,
): Promise<WorkbenchCase> {
  sim.setLatency(0);
  const env: Record<string, string> = { WF_BENCH_PROBE: probeFile };
  if (approach === 'today') env.WF_BENCH_LISTING = 'byId';
  if (approach === 'pages') env.WF_BENCH_READ_AHEAD = 'off';
  const wb = await Workbench.start({
    name: `bench-${approach}`,
    simulator: false,
    settings: { 'workfront.instance': sim.url },
    extensionEnv: env,
  });
  try {
    await signIn(wb, sim);
    const active = sim.store.count(true);
    await wb.waitForTreeItem(`Active (${active})`, 60_000);
    // Warm-up, not measured: Inactive listed once (the extension host's JIT, the decoding thread).
    const inactive = `Inactive (${sim.store.count(false)})`;
    await wb.expandTreeItem(inactive);
    await wb.page.getByRole('treeitem', { level: 2 }).first().waitFor({ timeout: 120_000 });
    await wb.collapseTreeItem(inactive);
    sim.setLatency(latencyMs);
    const slice = firstSlice(sim, approach === 'today');
    const row = `${slice.target.name}, ${slice.target.emailAddr}`;
    await watchSidebar(wb, slice.label, row);
    const began = Date.now();
    await wb.expandTreeItem(`Active (${active})`);
    const first = await waitForMarks(wb, (m) => m.first !== undefined, 300_000);
    // The click as the page saw it (Playwright takes a few tens of ms to find the row and press).
    const clicked = first.clicked ?? began;
    // Whole: the simulator quiet for 1.5 s and no progress on the group. VS Code may not render every
    // intermediate label, so the whole group is the later of the progress gone and the last page answered.
    const searchesSince = () => sim.log.filter((r) => r.op === 'search' && r.time >= began);
    for (let seen = -1; ;) {
      await wb.page.waitForTimeout(1500);
      const now = searchesSince().length;
      const m = await marks(wb);
      if (now === seen && m.whole !== undefined) break;
      seen = now;
    }
    const lastAnswer = Math.max(first.first!, ...searchesSince().map((r) => r.time + latencyMs + r.handlerMs));
    const firstRowMs = first.first! - clicked;
    const completeMs = Math.max((await marks(wb)).whole!, lastAnswer) - clicked;
    await wb.page.waitForTimeout(250); // the probe's last window
    const longestTaskMs = longestTask(probeFile, clicked, clicked + completeMs);

    // A deactivation in the loaded group: from Workfront's answer to the row gone from its slice.
    await wb.expandTreeItem(slice.label);
    await wb.rightClickTreeItem(row);
    await wb.chooseContextMenuItem('Deactivate User…');
    const before = sim.log.length;
    await wb.page.evaluate(() => ((globalThis as unknown as PageWindow).__wf.armed = true));
    await wb.answerDialog('Deactivate');
    const movedAt = (await waitForMarks(wb, (m) => m.moved !== undefined, 60_000)).moved!;
    const update = sim.log.slice(before).find((r) => r.op === 'update');
    if (!update) throw new Error('no update reached the simulator');
    const answeredAt = update.time + latencyMs + update.handlerMs;
    const searches = searchesSince().filter((r) => r.time < clicked + completeMs);
    sim.store.setActive(slice.target.ID, true); // the next case starts from the same organisation
    return {
      approach,
      users: sim.store.count(),
      activeUsers: active,
      latencyMs,
      firstRowMs,
      completeMs,
      longestTaskMs,
      answerToMovedMs: movedAt - answeredAt,
      searches: searches.length,
      simulatorMsPerSearch: searches.reduce((sum, r) => sum + r.handlerMs, 0) / Math.max(1, searches.length),
    };
  } finally {
    sim.setLatency(0);
    await wb.close();
  }
}

export async function measureWorkbench(
  sizes: number[],
  latencies: number[],
  approaches: readonly Approach[] = APPROACHES,
): Promise<WorkbenchSection> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-bench-wb-'));
  const started = Date.now();
  const cases: WorkbenchCase[] = [];
  try {
    for (const users of sizes) {
      const sim = await startSimulator({ users, seed: 15 });
      try {
        for (const latencyMs of latencies) {
          for (const approach of approaches) {
            const probe = path.join(scratch, `probe-${approach}.txt`);
            const c = await measureCase(sim, approach, latencyMs, probe);
            console.log(
              `  ${approach.padEnd(5)} ${String(users).padStart(6)} users @${latencyMs} ms: first row ${c.firstRowMs} ms, whole ${c.completeMs} ms, longest task ${c.longestTaskMs} ms, answer→moved ${c.answerToMovedMs} ms`,
            );
            cases.push(c);
          }
        }
      } finally {
        await sim.close();
      }
    }
  } finally {
    await stopSharedHosts();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { date: new Date().toISOString(), cpus: os.cpus().length, runSeconds: (Date.now() - started) / 1000, cases };
}

/** Puts the section into results/latest.json and writes latest.md again from it; the rest stays as it was. */
export function saveWorkbenchSection(section: WorkbenchSection, dir: string): void {
  const json = path.join(dir, 'latest.json');
  const saved = JSON.parse(fs.readFileSync(json, 'utf8')) as Results;
  saved.workbench = section;
  fs.writeFileSync(json, `${JSON.stringify(saved, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.md'), renderMarkdown(saved));
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      latencies: { type: 'string', default: '50,300' },
      approaches: { type: 'string', default: APPROACHES.join(',') },
    },
  });
  const list = (s: string) => s.split(',').map(Number);
  const approaches = values.approaches.split(',') as Approach[];
  measureWorkbench(list(values.sizes), list(values.latencies), approaches).then(
    (section) => {
      saveWorkbenchSection(section, path.resolve(__dirname, '..', '..', '..', 'test', 'bench', 'results'));
      console.log(renderWorkbenchSection(section));
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
