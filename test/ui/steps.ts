// Steps several UI journeys share, done as a user does them.
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
