// The real-workbench section of the benchmark (issue 15): a large Active group expanded in VS Code
// (code-server, Chromium, Playwright), the listing before issue 15 ("today": every page by ID, sorted at
// once, nothing shown until then) and the name-ordered one ("new") side by side in one run, against the
// in-process simulator with a fixed latency per request. Per case: the time from the click to the first
// row and to the whole group (the progress gone), the extension host's longest task while it loaded
// (its event-loop delay, sampled by src/util/benchProbe.ts), and the time from Workfront's answer to a
// deactivation to the row leaving Active.
//   npm run bench:workbench [-- --sizes 10000,100000 --latencies 50,300]
// Writes the section into test/bench/results/latest.json (key "workbench") and latest.md.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator, type Simulator } from '../simulator';
import { stopSharedHosts, Workbench } from '../ui/harness';
import { firstSlice, pasteApiKey } from '../ui/steps';
import { renderWorkbenchSection, type WorkbenchCase, type WorkbenchSection } from './workbenchReport';

const APPROACHES = ['today', 'new'] as const;

/** Signs in to `sim` from the welcome view (the window's own simulator is not used). */
async function signIn(wb: Workbench, sim: Simulator): Promise<void> {
  await wb.openViewContainer('Workfront Users');
  await wb.clickSidebarButton('Sign in to Workfront');
  await wb.quickInputText();
  await wb.page.keyboard.press('Enter');
  await pasteApiKey(wb, sim.apiKey);
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
  approach: (typeof APPROACHES)[number],
  latencyMs: number,
  probeFile: string,
): Promise<WorkbenchCase> {
  sim.setLatency(0);
  const env: Record<string, string> = { WF_BENCH_PROBE: probeFile };
  if (approach === 'today') env.WF_BENCH_LISTING = 'byId';
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
    sim.setLatency(latencyMs);
    const slice = firstSlice(sim, approach === 'today');
    const progress = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: /\d of \d/ });
    const clicked = Date.now();
    await wb.expandTreeItem(`Active (${active})`);
    await wb.waitForTreeItem(slice.label, 300_000);
    const firstRowMs = Date.now() - clicked;
    // Whole when the progress is gone (polled, so this is exact to a few ms).
    while ((await progress.count()) > 0) await wb.page.waitForTimeout(5);
    const completeMs = Date.now() - clicked;
    await wb.page.waitForTimeout(250); // the probe's last window
    const longestTaskMs = longestTask(probeFile, clicked, clicked + completeMs);

    // A deactivation in the loaded group: from Workfront's answer to the row gone from its slice.
    const row = `${slice.target.name}, ${slice.target.emailAddr}`;
    await wb.expandTreeItem(slice.label);
    await wb.rightClickTreeItem(row);
    await wb.chooseContextMenuItem('Deactivate User…');
    const before = sim.log.length;
    await wb.answerDialog('Deactivate');
    await wb.treeItem(row).waitFor({ state: 'detached', timeout: 60_000 });
    const movedAt = Date.now();
    const update = sim.log.slice(before).find((r) => r.op === 'update');
    if (!update) throw new Error('no update reached the simulator');
    const answeredAt = update.time + latencyMs + update.handlerMs;
    const searches = sim.log.filter((r) => r.op === 'search' && r.time >= clicked && r.time < clicked + completeMs);
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

export async function measureWorkbench(sizes: number[], latencies: number[]): Promise<WorkbenchSection> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-bench-wb-'));
  const started = Date.now();
  const cases: WorkbenchCase[] = [];
  try {
    for (const users of sizes) {
      const sim = await startSimulator({ users, seed: 15 });
      try {
        for (const latencyMs of latencies) {
          for (const approach of APPROACHES) {
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

/** Adds the section to results/latest.json and latest.md, leaving the rest of them as they are. */
export function saveWorkbenchSection(section: WorkbenchSection, dir: string): void {
  const json = path.join(dir, 'latest.json');
  const saved = fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, unknown>) : {};
  saved.workbench = section;
  fs.writeFileSync(json, `${JSON.stringify(saved, null, 2)}\n`);
  const md = path.join(dir, 'latest.md');
  const text = fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : '';
  const marker = '\n## In the real workbench';
  const kept = text.includes(marker) ? text.slice(0, text.indexOf(marker)) : text.trimEnd();
  fs.writeFileSync(md, `${kept}\n${renderWorkbenchSection(section)}`);
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '10000,100000' }, latencies: { type: 'string', default: '50,300' } },
  });
  const list = (s: string) => s.split(',').map(Number);
  measureWorkbench(list(values.sizes), list(values.latencies)).then(
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
