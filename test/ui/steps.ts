// Steps several UI journeys share, done as a user does them.
import type { Simulator, SimUser } from '../simulator/types';
import type { Workbench } from './harness';

/**
 * Opens Workfront Users, clicks "Sign in to Workfront" in the welcome view, accepts the offered
 * address, chooses "Paste an API key" and types the simulator's key. Returns the address offered.
 */
export async function signInFromWelcome(wb: Workbench): Promise<string> {
  const sim = wb.sim;
  if (!sim) throw new Error('signInFromWelcome needs the workbench to run a simulator');
  await wb.openViewContainer('Workfront Users');
  await wb.clickSidebarButton('Sign in to Workfront');
  const { value } = await wb.quickInputText();
  await wb.page.keyboard.press('Enter');
  await pasteApiKey(wb, sim.apiKey);
  return value;
}

/**
 * In the sign-in box: chooses "Paste an API key", waits for the key box (keys typed before it shows
 * would go to the pick), and types `key` and Enter.
 */
export async function pasteApiKey(wb: Workbench, key: string): Promise<void> {
  await wb.pickQuickItem(/Paste an API key/);
  await quickInputSays(wb, /^Paste your Workfront API key/);
  await wb.typeInQuickInput(key);
}

/**
 * Waits until the open quick input's message (prompt or validation message) matches, and its title has
 * been rendered (a moment after the message, at times); returns its texts.
 */
export async function quickInputSays(wb: Workbench, pattern: RegExp, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await wb.quickInputText();
    if (pattern.test(text.prompt) && text.title) return text;
    if (Date.now() > deadline) throw new Error(`the quick input says ${JSON.stringify(text)}, not ${pattern}`);
    await wb.page.waitForTimeout(100);
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
/** The simulator's name order (Workfront's is not documented): lower case by UTF-16 code units, then ID. */
function simNameOrder(a: SimUser, b: SimUser): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0;
}

/**
 * The first slice of a large Active group as the tree shows it: the first page in Workfront's name order
 * (`byId`: the whole group, as the listing before issue 15 sorted it), its first 500 in the tree's own
 * order. Its label, and its first user who is not the signed-in admin.
 */
export function firstSlice(sim: Simulator, byId = false): { label: string; users: SimUser[]; target: SimUser } {
  const active = sim.store.all().filter((u) => u.isActive);
  const first = byId ? active : active.sort(simNameOrder).slice(0, 2000);
  const users = first.sort((a, b) => collator.compare(a.name, b.name) || (a.ID < b.ID ? -1 : 1)).slice(0, 500);
  const target = users.find((u) => u.ID !== sim.admin.ID)!;
  return { label: `${users[0].name} – ${users[users.length - 1].name} (${users.length})`, users, target };
}
