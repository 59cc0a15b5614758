// UI test harness: the Workfront simulator in-process, the real VS Code (code-server) with the extension,
// and the workbench in headless Chromium, with helpers for what a user does.
// One code-server and one Chromium serve every describe block of the run (per VSIX and extension-host
// environment): each block gets its own simulator, user settings, workspace folder and a new window in a
// new browser context (empty storage), so a new extension host with empty secret storage and global
// state, as if VS Code had just been installed. The shared processes stop after the last block (a root `after` hook),
// a block's own ones in close(), which useWorkbench() calls even when a test fails; all by process group.
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import {
  RESULTS_DIR,
  ROOT,
  installVsix,
  installedVscodeVersion,
  launchChromium,
  makeTempDir,
  packageVsix,
  removeDir,
  screenshot,
  startCodeServer,
  workbenchUrl,
  writeUserSettings,
  type Browser,
  type Chromium,
  type CodeServer,
} from '../../scripts/vscode/realVscode';
import { editionName } from '../../scripts/vscode/editions';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';

export interface WorkbenchOptions {
  /**
   * Install this VSIX (`code-server --install-extension`) instead of loading the source folder; 'package'
   * builds one with `vsce package` first (once per run). Default: $WF_UI_VSIX.
   */
  vsix?: string;
  /** Simulator options (default: 60 users, seed 1); `false` starts none. */
  simulator?: SimulatorOptions | false;
  /** Extra user settings; a function gets the simulator, e.g. `(sim) => ({ 'workfront.instance': sim?.url })`. */
  settings?: Record<string, unknown> | ((sim: Simulator | undefined) => Record<string, unknown>);
  /** Folder the workbench opens (default: an empty scratch folder). */
  workspace?: string;
  /** Environment variables for the extension host (blocks with the same ones share a code-server). */
  extensionEnv?: Record<string, string>;
  /**
   * Start a code-server and a Chromium for this block alone instead of sharing the run's. Only for a
   * test that changes the server itself (its files, its processes); settings, workspace, simulator and
   * the browser profile are the block's own either way.
   */
  ownServer?: boolean;
  /**
   * VS Code's Workspace Trust on, as it is for users (the harness turns it off elsewhere): with the user
   * settings `security.workspace.trust.*` the block chooses, the folder opens in Restricted Mode unless
   * trusted. Implies `ownServer` (the server's --disable-workspace-trust is left out).
   */
  workspaceTrust?: boolean;
  /** Prefix for screenshot file names. */
  name?: string;
  /** How long to wait for the workbench and the extension (ms, default 60 s). */
  startTimeoutMs?: number;
}

/** Matches a label exactly when given a string, or by the pattern when given a RegExp. */
export type Label = string | RegExp;

const DEFAULT_TIMEOUT = 15_000;
/** The VSIX built for `vsix: 'package'`, shared by every Workbench of this run. */
let packagedVsix: string | undefined;

/** A code-server with the extension (installed from a VSIX, or none to load the source folder) and a Chromium. */
interface Host {
  readonly server: CodeServer;
  readonly chromium: Chromium;
  readonly scratch: string;
}

/** Seconds the extension host of a closed window lives on (code-server's default is 3 hours). */
const RECONNECTION_GRACE_SECONDS = 1;

async function startHost(
  vsix: string | undefined,
  env: Record<string, string> | undefined,
  workspaceTrust = false,
): Promise<Host> {
  const scratch = makeTempDir('wf-ui-host');
  let server: CodeServer | undefined;
  try {
    const extensionsDir = path.join(scratch, 'extensions');
    if (vsix) installVsix(vsix, extensionsDir);
    // The counts name the editor (scripts/test.js prints the versions a run covered).
    process.env.WF_TEST_EDITOR_VERSION = installedVscodeVersion();
    // The smoke-test driver makes the workbench read extensionDevelopmentPath from the URL payload.
    // An installed VSIX needs no payload; and VS Code 1.96 refuses every modal dialog under that driver.
    server = await startCodeServer({
      extensionsDir,
      testDriver: !vsix || editionName() === 'newest',
      env,
      reconnectionGraceSeconds: RECONNECTION_GRACE_SECONDS,
      workspaceTrust,
    });
    return { server, chromium: await launchChromium(), scratch };
  } catch (err) {
    await server?.stop();
    removeDir(scratch);
    throw err;
  }
}

async function stopHost(host: Host): Promise<void> {
  await host.chromium.close();
  await host.server.stop();
  removeDir(host.scratch);
}

/** The run's shared hosts, by VSIX and extension-host environment. */
const sharedHosts = new Map<string, Promise<Host>>();

function sharedHost(vsix: string | undefined, env: Record<string, string> | undefined): Promise<Host> {
  const key = JSON.stringify([vsix ?? '', Object.entries(env ?? {}).sort()]);
  let host = sharedHosts.get(key);
  if (!host) {
    host = startHost(vsix, env);
    sharedHosts.set(key, host);
    // A host that failed to start is not kept: the next block tries again.
    host.catch(() => sharedHosts.delete(key));
  }
  return host;
}

/** Stops every shared code-server and Chromium (the root `after` hook below calls it once, at the end). */
export async function stopSharedHosts(): Promise<void> {
  const hosts = [...sharedHosts.values()];
  sharedHosts.clear();
  for (const host of hosts) await host.then(stopHost).catch(() => undefined);
}

// Registered when the first test file imports this one, so it is a hook of mocha's root suite: it runs
// after the last describe block, failed or not.
if (typeof after === 'function') {
  after(async function () {
    this.timeout(60_000);
    await stopSharedHosts();
  });
}

/** A quick-pick row's label (its second line, the detail, has a .label-name too). */
const QUICK_PICK_LABEL = '.quick-input-list-rows > .quick-input-list-row:first-child .label-name';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A string matches the whole label; a RegExp is used as it is. */
function exactly(label: Label): RegExp {
  return typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
}

/** A string matches anywhere in the text; a RegExp is used as it is. */
function containing(label: Label): RegExp {
  return typeof label === 'string' ? new RegExp(escapeRegExp(label)) : label;
}

export class Workbench {
  /** Uncaught exceptions in the page (the workbench's own code). */
  readonly pageErrors: string[] = [];
  private closed = false;
  private shots = 0;

  readonly page: Page;
  readonly server: CodeServer;

  private constructor(
    private readonly browser: Browser,
    private readonly host: Host,
    /** The in-process simulator, when one was started. */
    readonly sim: Simulator | undefined,
    readonly workspace: string,
    private readonly name: string,
    private readonly scratch: string,
    /** Whether close() stops the host too (ownServer), or leaves it to the next block. */
    private readonly ownsHost: boolean,
  ) {
    this.page = browser.page;
    this.server = host.server;
    this.page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  /** Requests Chromium aborted because they were not for 127.0.0.1/localhost. */
  get blocked(): readonly string[] {
    return this.browser.blocked;
  }

  /**
   * Starts the simulator, writes the user settings, and opens the workbench in a fresh browser profile on
   * the run's shared code-server (started on first use; `ownServer` starts one for this block); waits
   * until the workbench and the extension are ready.
   */
  static async start(options: WorkbenchOptions = {}): Promise<Workbench> {
    const scratch = makeTempDir('wf-ui');
    let sim: Simulator | undefined;
    let host: Host | undefined;
    let browser: Browser | undefined;
    const ownsHost = options.ownServer === true || options.workspaceTrust === true;
    try {
      let vsix = options.vsix ?? process.env.WF_UI_VSIX;
      if (vsix === 'package')
        vsix = packagedVsix ??= packageVsix(path.join(RESULTS_DIR, 'vsix', 'workfront-users.vsix'));
      host = ownsHost
        ? await startHost(vsix, options.extensionEnv, options.workspaceTrust)
        : await sharedHost(vsix, options.extensionEnv);
      if (options.simulator !== false) sim = await startSimulator({ users: 60, seed: 1, ...options.simulator });
      const settings = typeof options.settings === 'function' ? options.settings(sim) : (options.settings ?? {});
      // Read by the window when it opens: no window of this server is open now (blocks run one at a time).
      writeUserSettings(host.server.userDataDir, settings);
      const workspace = options.workspace ?? path.join(scratch, 'workspace');
      fs.mkdirSync(workspace, { recursive: true });
      browser = await host.chromium.newPage();
      const wb = new Workbench(browser, host, sim, workspace, options.name ?? 'ui', scratch, ownsHost);
      const url = workbenchUrl(host.server, {
        folder: workspace,
        extensionDevelopmentPath: vsix ? undefined : ROOT,
        extensionEnvironment: options.extensionEnv,
      });
      await wb.page.goto(url);
      await wb.waitForReady(options.startTimeoutMs ?? 60_000);
      return wb;
    } catch (err) {
      await browser?.close();
      if (host && ownsHost) await stopHost(host);
      await sim?.close();
      removeDir(scratch);
      throw err;
    }
  }

  /** Waits for the workbench and for extension activation to settle (the status bar's "Activating Extensions…" gone). */
  async waitForReady(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: timeoutMs });
    await this.page
      .locator('.statusbar')
      .getByText('Activating Extensions...')
      .waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  // ---- activity bar and views ----------------------------------------------------------------------

  /** The activity-bar entry labelled `label` (a string may omit the keybinding, e.g. 'Workfront Users'). */
  async activityBarItem(label: Label, timeoutMs = 30_000): Promise<Locator> {
    const pattern = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}( \\(.*\\))?$`) : label;
    const items = this.page.locator('.part.activitybar .action-item a.action-label[aria-label]');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const labels = await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      const index = labels.findIndex((l) => pattern.test(l));
      if (index >= 0) return items.nth(index);
      if (Date.now() > deadline)
        throw new Error(`no activity-bar item labelled ${String(label)}; found: ${labels.join(', ')}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Opens a view container from the activity bar (leaves it open when it already is). */
  async openViewContainer(label: Label, timeoutMs = 30_000): Promise<void> {
    const item = await this.activityBarItem(label, timeoutMs);
    const itemClass = await item.locator('xpath=..').getAttribute('class');
    if (!/\bchecked\b/.test(itemClass ?? '')) await item.click();
    const sidebar = this.page.locator('.part.sidebar');
    const deadline = Date.now() + timeoutMs;
    // After a reload the restored container can stay hidden (its views not yet contributed by the new
    // extension host); clicking its item again while the side bar is hidden shows it, never hides it.
    for (;;) {
      const wait = Math.min(3_000, deadline - Date.now());
      try {
        await sidebar.waitFor({ state: 'visible', timeout: Math.max(wait, 1) });
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
      if (!(await sidebar.isVisible())) await item.click();
    }
  }

  /** Clicks a button in the side bar by its text, e.g. a welcome view's "Sign in to Workfront". */
  async clickSidebarButton(text: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    const button = this.page
      .locator('.part.sidebar')
      .getByRole('button', { name: exactly(text) })
      .first();
    await button.click({ timeout: timeoutMs });
  }

  /** A tree row (role treeitem) by its accessible name; a string matches the start of the name. */
  treeItem(name: Label): Locator {
    const pattern = typeof name === 'string' ? new RegExp(`^${escapeRegExp(name)}`) : name;
    return this.page.getByRole('treeitem', { name: pattern }).first();
  }

  async waitForTreeItem(name: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<Locator> {
    const item = this.treeItem(name);
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    return item;
  }

  /** Expands a collapsed tree row (no-op when already expanded). */
  async expandTreeItem(name: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<Locator> {
    const deadline = Date.now() + timeoutMs;
    const item = await this.waitForTreeItem(name, timeoutMs);
    // A click that lands while VS Code renders the group again (a large group's label follows its load)
    // can miss the row: click again until the row itself says it is expanded.
    while ((await item.getAttribute('aria-expanded')) === 'false') {
      if (Date.now() > deadline) throw new Error(`tree item ${String(name)} did not expand`);
      await item.locator('.monaco-tl-twistie').click();
      await this.page.waitForTimeout(300);
    }
    return item;
  }

  /** Collapses an expanded tree row (no-op when already collapsed). */
  async collapseTreeItem(name: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<Locator> {
    const item = await this.waitForTreeItem(name, timeoutMs);
    if ((await item.getAttribute('aria-expanded')) === 'true') await item.locator('.monaco-tl-twistie').click();
    return item;
  }

  /**
   * Scrolls the side bar's tree (mouse wheel, top to bottom) until the row is rendered: trees only
   * render the rows in view, so a row far down a long group is not in the page until scrolled to.
   */
  async revealTreeItem(name: Label, timeoutMs = 30_000): Promise<Locator> {
    const item = this.treeItem(name);
    const list = this.page.locator('.part.sidebar .monaco-list').first();
    await list.waitFor({ timeout: timeoutMs });
    const box = await list.boundingBox();
    if (!box) throw new Error('the side bar tree is not visible');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const deadline = Date.now() + timeoutMs;
    let previous = '';
    await this.page.mouse.wheel(0, -1e6);
    await this.page.waitForTimeout(150);
    while (!(await item.isVisible())) {
      const names = (await this.treeItemNames()).join('\n');
      if (names === previous) {
        // The end of the tree without it: the row may be on its way (a count that changes when Workfront's
        // answer is in, on a busy machine later than usual). From the top again until the deadline.
        if (Date.now() > deadline)
          throw new Error(
            `tree item ${String(name)} is not in the tree; last rows: ${names.split('\n').slice(-5).join(' | ')}`,
          );
        await this.page.waitForTimeout(250);
        await this.page.mouse.wheel(0, -1e6);
        previous = '';
        await this.page.waitForTimeout(150);
        continue;
      }
      previous = names;
      await this.page.mouse.wheel(0, box.height * 0.8);
      await this.page.waitForTimeout(150);
    }
    return item;
  }

  /** The accessible names of the visible tree rows in the side bar. */
  async treeItemNames(): Promise<string[]> {
    const names = await this.page
      .locator('.part.sidebar [role="treeitem"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
    return names.map((n) => n.trim());
  }

  // ---- context menus and dialogs -------------------------------------------------------------------

  async rightClickTreeItem(name: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    const item = await this.waitForTreeItem(name, timeoutMs);
    await item.click({ button: 'right' });
    await this.page.locator('.context-view .monaco-menu').waitFor({ timeout: timeoutMs });
  }

  /** The labels in the open context menu. */
  async contextMenuItems(): Promise<string[]> {
    const labels = await this.page.locator('.context-view .monaco-menu .action-item .action-label').allInnerTexts();
    return labels.map((l) => l.trim()).filter(Boolean);
  }

  /** Clicks the item of the open context menu; a string matches the label exactly (ignoring a trailing "…"). */
  async chooseContextMenuItem(label: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    const pattern = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}(…|\\.\\.\\.)?$`) : label;
    const item = this.page
      .locator('.context-view .monaco-menu .action-item')
      .filter({
        has: this.page.locator('.action-label', { hasText: pattern }),
      })
      .first();
    await item.click({ timeout: timeoutMs });
    const menu = this.page.locator('.context-view .monaco-menu');
    try {
      await menu.waitFor({ state: 'hidden', timeout: 2_000 });
    } catch {
      // Seen on a loaded machine: a click that lands while the menu settles only highlights the
      // item. The menu is still open, so Enter runs exactly that item (and nothing else).
      await item.hover();
      await this.page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
  }

  /** Right-click a tree row, then choose a context-menu item. */
  async contextMenu(treeItemName: Label, menuLabel: Label): Promise<void> {
    await this.rightClickTreeItem(treeItemName);
    await this.chooseContextMenuItem(menuLabel);
  }

  /** The open modal dialog (message, detail and buttons), waiting for it to appear. */
  async dialog(timeoutMs = DEFAULT_TIMEOUT): Promise<{ message: string; detail: string; buttons: string[] }> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ timeout: timeoutMs });
    const text = async (selector: string): Promise<string> =>
      (await box.locator(selector).allInnerTexts()).join('\n').trim();
    return {
      message: await text('.dialog-message-text'),
      detail: await text('.dialog-message-detail'),
      buttons: (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim()),
    };
  }

  /** Clicks a modal dialog's button by its label (e.g. 'Deactivate', 'Cancel'); returns the dialog's text. */
  async answerDialog(
    button: Label,
    timeoutMs = DEFAULT_TIMEOUT,
  ): Promise<{ message: string; detail: string; buttons: string[] }> {
    const shown = await this.dialog(timeoutMs);
    await this.page
      .locator('.monaco-dialog-box .dialog-buttons .monaco-button')
      .filter({ hasText: exactly(button) })
      .first()
      .click({ timeout: timeoutMs });
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: timeoutMs });
    return shown;
  }

  // ---- command palette and quick input -------------------------------------------------------------

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette (F1) and types `text` after the '>' prefix. */
  async openCommandPalette(text = ''): Promise<void> {
    if (await this.quickInput().isVisible()) await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    // The text box, not the rows' checkboxes (VS Code 1.96 renders one per row, hidden or not).
    const input = this.quickInput().locator('input.input').first();
    await input.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
    if (text) await input.fill(`>${text}`);
  }

  /** The labels in the open quick pick (e.g. the palette's matching commands). */
  async quickPickItems(): Promise<string[]> {
    const rows = this.quickInput().locator('.quick-input-list .monaco-list-row');
    await rows
      .first()
      .waitFor({ timeout: DEFAULT_TIMEOUT })
      .catch(() => undefined);
    const labels = await rows.locator(QUICK_PICK_LABEL).allInnerTexts();
    return labels.map((l) => l.replace(/\s+/g, ' ').trim());
  }

  /** Runs a command from the palette by its full title as shown, e.g. 'Workfront: Sign In…'. */
  async runCommand(title: Label): Promise<void> {
    const typed = typeof title === 'string' ? title : '';
    await this.openCommandPalette(typed);
    await this.pickQuickItem(title);
  }

  /** Clicks the quick-pick row whose label matches (a string matches the label exactly, icons aside). */
  async pickQuickItem(label: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    const row = this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .filter({
        has: this.page.locator(QUICK_PICK_LABEL, {
          hasText: typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label,
        }),
      })
      .first();
    await row.click({ timeout: timeoutMs });
  }

  /** Types into the open quick input (input box or quick pick); `submit` presses Enter (default true). */
  async typeInQuickInput(
    text: string,
    options: { submit?: boolean; replace?: boolean; timeoutMs?: number } = {},
  ): Promise<void> {
    const input = this.quickInput().locator('input.input').first();
    await input.waitFor({ state: 'visible', timeout: options.timeoutMs ?? DEFAULT_TIMEOUT });
    if (options.replace !== false) await input.fill('');
    await input.pressSequentially(text, { delay: 2 });
    if (options.submit !== false) await input.press('Enter');
  }

  /** The quick input's title, prompt and validation message (to check what the user is asked). */
  async quickInputText(timeoutMs = DEFAULT_TIMEOUT): Promise<{ title: string; prompt: string; value: string }> {
    const widget = this.quickInput();
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    const title = (
      await widget
        .locator('.quick-input-title')
        .innerText()
        .catch(() => '')
    ).trim();
    const prompt = (
      await widget
        .locator('.quick-input-message')
        .innerText()
        .catch(() => '')
    ).trim();
    const value = await widget
      .locator('input.input')
      .first()
      .inputValue()
      .catch(() => '');
    return { title, prompt, value };
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) await this.page.keyboard.press('Escape');
    await this.quickInput().waitFor({ state: 'hidden', timeout: DEFAULT_TIMEOUT });
  }

  // ---- notifications -------------------------------------------------------------------------------

  /** Waits for a notification (toast or notification center) containing `text`; returns it. */
  async waitForNotification(text: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<Locator> {
    const toast = this.page
      .locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item')
      .filter({ hasText: containing(text) })
      .first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return toast;
  }

  /** Opens the notification centre (where toasts go once they time out). */
  async showNotificationCenter(): Promise<void> {
    if (await this.page.locator('.notifications-center.visible').isVisible()) return;
    await this.runCommand('Notifications: Show Notifications');
    await this.page.locator('.notifications-center.visible').waitFor({ timeout: DEFAULT_TIMEOUT });
  }

  /** Texts of the notifications currently shown as toasts. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).map((t) =>
      t.trim(),
    );
  }

  /** Clicks a button on a notification containing `text`. */
  async clickNotificationButton(text: Label, button: Label, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    const toast = await this.waitForNotification(text, timeoutMs);
    await toast.getByRole('button', { name: exactly(button) }).click({ timeout: timeoutMs });
  }

  // ---- evidence ------------------------------------------------------------------------------------

  /** Saves test-results/screenshots/<name>-<n>-<label>.png and returns its path. */
  async screenshot(label: string): Promise<string> {
    this.shots += 1;
    return screenshot(this.page, `${this.name}-${String(this.shots).padStart(2, '0')}-${label}`);
  }

  /**
   * Closes the window and its browser profile (its extension host stops within a second or two) and the
   * simulator; with `ownServer`, stops that code-server (by process group) and Chromium too. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser.close();
    if (this.ownsHost) await stopHost(this.host);
    await this.sim?.close();
    removeDir(this.scratch);
  }
}

/**
 * Mocha hooks for one describe block: starts a Workbench before its tests, screenshots each failed test,
 * and closes everything after (also after failures). Use `ui.wb` inside the tests.
 */
export function useWorkbench(options: WorkbenchOptions | (() => WorkbenchOptions) = {}): { readonly wb: Workbench } {
  let current: Workbench | undefined;
  before(async function () {
    this.timeout(180_000);
    current = await Workbench.start(typeof options === 'function' ? options() : options);
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (current && test?.state === 'failed') {
      const shot = await current.screenshot(`FAILED-${test.title}`).catch((err: Error) => `(none: ${err.message})`);
      console.log(`      screenshot: ${path.relative(ROOT, shot)}`);
    }
  });
  after(async function () {
    this.timeout(60_000);
    await current?.close();
    current = undefined;
  });
  return {
    get wb(): Workbench {
      if (!current) throw new Error('the workbench is not started (useWorkbench hooks did not run)');
      return current;
    },
  };
}
