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
  await wb.pickQuickItem(/Paste an API key/);
  await wb.typeInQuickInput(sim.apiKey);
  return value;
}
