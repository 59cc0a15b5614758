import * as fs from 'node:fs';
import * as os from 'node:os';
import { posix } from 'node:path';
// A small fake of the `vscode` API for tests on plain Node: the unit tests of the model, the tree and the
// commands (installed as the `vscode` module by ./install.ts) and the activation benchmark. It does what
// the extension uses, records what the extension shows, and lets a test answer the prompts. The real
// editor stays the proof of every user-visible behaviour (test/integration, test/ui); this is for speed.
import { BACK, ScriptedInputBox, ScriptedQuickPick, type InputAnswer, type ShownInput } from './scriptedInput';

export { BACK };

export class Disposable {
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  constructor(private readonly fn: () => unknown = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event = (listener: (e: T) => unknown): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  accessibilityInformation?: { label: string };
  constructor(
    public label: string,
    public collapsibleState: number = TreeItemCollapsibleState.None,
  ) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  isTrusted = false;
  supportHtml = false;
  constructor(
    public value = '',
    readonly supportThemeIcons = false,
  ) {}
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
  /** Escapes Markdown as VS Code does, so text stays text. */
  appendText(s: string): this {
    this.value += s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&').replace(/\n/g, '\n\n');
    return this;
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query = '',
  ) {}
  static parse(value: string): Uri {
    const u = new URL(value);
    return new Uri(u.protocol.replace(/:$/, ''), u.host, decodeURIComponent(u.pathname), u.search.replace(/^\?/, ''));
  }
  static file(path: string): Uri {
    return new Uri('file', '', path);
  }
  static from(parts: { scheme: string; authority?: string; path?: string; query?: string }): Uri {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '', parts.query ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, posix.join(base.path, ...segments), base.query);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    const authority = this.authority || this.scheme === 'file' ? `//${this.authority}` : '';
    return `${this.scheme}:${authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export const ExtensionMode = { Production: 1, Development: 2, Test: 3 } as const;
export const UIKind = { Desktop: 1, Web: 2 } as const;
export const ViewColumn = { Active: -1, Beside: -2, One: 1, Two: 2 } as const;
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 } as const;
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 } as const;
export const QuickPickItemKind = { Separator: -1, Default: 0 } as const;
export const InputBoxValidationSeverity = { Info: 1, Warning: 2, Error: 3 } as const;
export const QuickInputButtons = { Back: { iconPath: new ThemeIcon('arrow-left'), tooltip: 'Back' } } as const;

// ---- what the extension showed, and how a test answers ----------------------------------------------

export type MessageFn = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';

export interface ShownMessage {
  readonly fn: MessageFn;
  readonly message: string;
  readonly modal: boolean;
  readonly detail?: string;
  readonly items: string[];
}

export interface LogLine {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  readonly channel: string;
  readonly message: string;
}

export interface SaveDialogOptions {
  readonly title?: string;
  readonly saveLabel?: string;
  readonly defaultUri?: Uri;
  readonly filters?: Record<string, string[]>;
}

/** What a test does with a prompt: the answer (undefined: cancel or dismiss). */
export interface Answers {
  message?: (shown: ShownMessage) => string | undefined;
  /**
   * Answers `showInputBox` and every `createInputBox` each time it waits for input (again after a failed
   * try: `validationText` says what it showed): a value to type and Enter, BACK, or undefined (Escape).
   */
  inputBox?: (box: {
    title?: string;
    step?: number;
    prompt?: string;
    value?: string;
    password?: boolean;
    validationText?: string;
  }) => InputAnswer;
  /** Answers `showQuickPick`, and every `createQuickPick` made while it is set. */
  quickPick?: (items: ReadonlyArray<{ label: string }>) => { label: string } | undefined | typeof BACK;
  saveDialog?: (options: SaveDialogOptions) => Uri | undefined;
}

/** Everything the fake recorded since the last reset. */
export const record = {
  messages: [] as ShownMessage[],
  log: [] as LogLine[],
  /** setContext calls, by key: the latest value. */
  context: new Map<string, unknown>(),
  clipboard: '',
  opened: [] as string[],
  written: new Map<string, Uint8Array>(),
  statusBar: [] as string[],
  progress: [] as Array<{ location: unknown; title?: string; cancellable?: boolean }>,
  /** VS Code's own commands the extension ran ('vscode.open', 'revealFileInOS', …), with their arguments. */
  builtins: [] as Array<{ id: string; args: unknown[] }>,
  saveDialogs: [] as SaveDialogOptions[],
  /** Quick picks shown with showQuickPick: their options and items. */
  quickPicks: [] as Array<{
    title?: string;
    placeHolder?: string;
    items: ReadonlyArray<{ label: string; description?: string }>;
  }>,
  /** What each created input box and quick pick showed whenever it waited for input, in order. */
  inputs: [] as ShownInput[],
  /** Calls of each API function, by name (the benchmark reports them). */
  calls: {} as Record<string, number>,
};

export const answers: Answers = {};
const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();
const settings = new Map<string, unknown>();
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

function count(name: string): void {
  record.calls[name] = (record.calls[name] ?? 0) + 1;
}

/** Forgets what was recorded, answered and set (registered commands stay with their registrations). */
export function reset(): void {
  record.messages.length = 0;
  record.log.length = 0;
  record.context.clear();
  record.clipboard = '';
  record.opened.length = 0;
  record.written.clear();
  record.statusBar.length = 0;
  record.progress.length = 0;
  record.builtins.length = 0;
  record.saveDialogs.length = 0;
  record.quickPicks.length = 0;
  record.inputs.length = 0;
  inputBoxes.length = 0;
  webviewPanels.length = 0;
  env.uiKind = UIKind.Desktop;
  env.remoteName = undefined;
  workspace.workspaceFolders = undefined;
  for (const k of Object.keys(record.calls)) delete record.calls[k];
  for (const k of Object.keys(answers) as Array<keyof Answers>) delete answers[k];
  settings.clear();
}

/** Sets a setting as the user would (`workfront.requestTimeoutSeconds`), and tells the listeners. */
export function setSetting(key: string, value: unknown): void {
  settings.set(key, value);
  configurationChanged.fire({ affectsConfiguration: (s: string) => key === s || key.startsWith(`${s}.`) });
}

function showMessage(fn: MessageFn) {
  return async (message: string, ...rest: unknown[]): Promise<string | undefined> => {
    count(`window.${fn}`);
    const first = rest[0];
    const options =
      typeof first === 'object' && first !== null && !('title' in first)
        ? (rest.shift() as { modal?: boolean; detail?: string })
        : {};
    const items = rest.map((i) => (typeof i === 'string' ? i : (i as { title: string }).title));
    const shown: ShownMessage = { fn, message, modal: options.modal === true, detail: options.detail, items };
    record.messages.push(shown);
    const answer = answers.message?.(shown);
    return answer !== undefined && items.includes(answer) ? answer : undefined;
  };
}

class FakeLogChannel {
  readonly logLevel = 1;
  readonly onDidChangeLogLevel = new EventEmitter<number>().event;
  constructor(readonly name: string) {}
  private line(level: LogLine['level']) {
    return (message: string) => void record.log.push({ level, channel: this.name, message });
  }
  trace = this.line('trace');
  debug = this.line('debug');
  info = this.line('info');
  warn = this.line('warn');
  error = this.line('error');
  append(): void {}
  appendLine(message: string): void {
    record.log.push({ level: 'info', channel: this.name, message });
  }
  replace(): void {}
  clear(): void {}
  show(): void {
    count('logChannel.show');
  }
  hide(): void {}
  dispose(): void {}
}

/** The tree view the extension made: selection and visibility are set by the test. */
export class FakeTreeView<T> {
  selection: T[] = [];
  visible = true;
  description?: string;
  message?: string;
  title?: string;
  readonly revealed: Array<{ element: T; options?: unknown }> = [];
  private readonly visibility = new EventEmitter<{ visible: boolean }>();
  readonly onDidChangeVisibility = this.visibility.event;
  readonly onDidChangeSelection = new EventEmitter<unknown>().event;
  readonly onDidExpandElement = new EventEmitter<unknown>().event;
  readonly onDidCollapseElement = new EventEmitter<unknown>().event;
  constructor(
    readonly id: string,
    readonly options: { treeDataProvider?: unknown; canSelectMany?: boolean },
  ) {}
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.visibility.fire({ visible });
  }
  async reveal(element: T, options?: unknown): Promise<void> {
    this.revealed.push({ element, options });
  }
  dispose(): void {}
}

export const treeViews: Array<FakeTreeView<unknown>> = [];

/** A webview: what the extension set as its html, and messages a test sends as the page's script would. */
export class FakeWebview {
  html = '';
  readonly cspSource = 'https://fake-webview.vscode-cdn.example';
  readonly posted: unknown[] = [];
  private readonly received = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  constructor(readonly options: Record<string, unknown>) {}
  /** A message from the page (what its `postMessage` would deliver). */
  send(message: unknown): void {
    this.received.fire(message);
  }
  async postMessage(message: unknown): Promise<boolean> {
    this.posted.push(message);
    return true;
  }
  asWebviewUri(uri: Uri): Uri {
    return uri;
  }
}

export class FakeWebviewPanel {
  iconPath?: unknown;
  visible = true;
  active = true;
  disposed = false;
  /** How many times the extension brought it forward. */
  revealed = 0;
  readonly webview: FakeWebview;
  private readonly disposeEmitter = new EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = new EventEmitter<unknown>().event;
  constructor(
    readonly viewType: string,
    public title: string,
    readonly showOptions: unknown,
    readonly options: Record<string, unknown>,
  ) {
    this.webview = new FakeWebview(options);
  }
  reveal(): void {
    this.revealed++;
  }
  /** As the user closing the tab does. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
}

export const webviewPanels: FakeWebviewPanel[] = [];

/** A quick pick the test drives (`changeValue`, `accept`, `hide`), or answered by `answers.quickPick`. */
export class FakeQuickPick<T extends { label: string }> extends ScriptedQuickPick<T> {}

export const quickPicks: Array<FakeQuickPick<{ label: string }>> = [];
/** Every input box the extension made, in order (a test may press Escape on one: `hide()`). */
export const inputBoxes: ScriptedInputBox[] = [];

const cancellationToken = { isCancellationRequested: false, onCancellationRequested: () => new Disposable() };

export const window = {
  /** The browser sign-in's redirect handler (exercised in the real editor: test/integration/oauth). */
  registerUriHandler(): Disposable {
    count('window.registerUriHandler');
    return new Disposable();
  },
  createOutputChannel(name: string): FakeLogChannel {
    count('window.createOutputChannel');
    return new FakeLogChannel(name);
  },
  createTreeView<T>(id: string, options: { treeDataProvider?: unknown; canSelectMany?: boolean }): FakeTreeView<T> {
    count('window.createTreeView');
    const view = new FakeTreeView<T>(id, options);
    treeViews.push(view as FakeTreeView<unknown>);
    return view;
  },
  async withProgress<R>(
    options: { location: unknown; title?: string; cancellable?: boolean },
    task: (progress: { report(v: unknown): void }, token: typeof cancellationToken) => Thenable<R>,
  ): Promise<R> {
    record.progress.push({ location: options.location, title: options.title, cancellable: options.cancellable });
    return task({ report: () => undefined }, cancellationToken);
  },
  createWebviewPanel(
    viewType: string,
    title: string,
    showOptions: unknown,
    options: Record<string, unknown> = {},
  ): FakeWebviewPanel {
    count('window.createWebviewPanel');
    const panel = new FakeWebviewPanel(viewType, title, showOptions, options);
    webviewPanels.push(panel);
    return panel;
  },
  showInformationMessage: showMessage('showInformationMessage'),
  showWarningMessage: showMessage('showWarningMessage'),
  showErrorMessage: showMessage('showErrorMessage'),
  async showInputBox(options: {
    prompt?: string;
    value?: string;
    password?: boolean;
    validateInput?: (v: string) => unknown;
  }): Promise<string | undefined> {
    count('window.showInputBox');
    const given = answers.inputBox?.(options);
    const answer = given === BACK ? undefined : given;
    if (answer !== undefined && options.validateInput) {
      const problem = await options.validateInput(answer);
      if (problem) throw new Error(`the input box refuses "${answer}": ${JSON.stringify(problem)}`);
    }
    return answer;
  },
  async showQuickPick<T extends { label: string }>(
    items: readonly T[] | Thenable<readonly T[]>,
    options: { title?: string; placeHolder?: string } = {},
  ): Promise<T | undefined> {
    count('window.showQuickPick');
    const resolved = await items;
    record.quickPicks.push({ ...options, items: resolved });
    const answer = answers.quickPick?.(resolved);
    return answer === BACK ? undefined : (answer as T | undefined);
  },
  createQuickPick<T extends { label: string }>(): FakeQuickPick<T> {
    count('window.createQuickPick');
    const script = answers.quickPick;
    const qp = new FakeQuickPick<T>(
      script && ((pick) => script(pick.items) as T | undefined | typeof BACK),
      QuickInputButtons.Back,
      (shown) => record.inputs.push(shown),
    );
    quickPicks.push(qp as unknown as FakeQuickPick<{ label: string }>);
    return qp;
  },
  createInputBox(): ScriptedInputBox {
    count('window.createInputBox');
    const box = new ScriptedInputBox(
      (b) => answers.inputBox?.(b),
      QuickInputButtons.Back,
      (shown) => record.inputs.push(shown),
    );
    inputBoxes.push(box);
    return box;
  },
  async showSaveDialog(options: SaveDialogOptions = {}): Promise<Uri | undefined> {
    record.saveDialogs.push(options);
    return answers.saveDialog?.(options);
  },
  async showTextDocument(doc: unknown): Promise<unknown> {
    return doc;
  },
  setStatusBarMessage(text: string): Disposable {
    record.statusBar.push(text);
    return new Disposable();
  },
};

/** VS Code's own commands the extension may run; the fake records them. */
const BUILTIN_COMMANDS = new Set(['vscode.open', 'revealFileInOS', 'revealInExplorer']);

/** The Accounts menu's provider (its sessions are tested in the real editor: test/integration/accounts). */
export const authentication = {
  registerAuthenticationProvider(): Disposable {
    count('authentication.registerAuthenticationProvider');
    return new Disposable();
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    count('commands.registerCommand');
    if (commandHandlers.has(id)) throw new Error(`command '${id}' already exists`);
    commandHandlers.set(id, handler);
    return new Disposable(() => commandHandlers.delete(id));
  },
  async executeCommand<T>(id: string, ...args: unknown[]): Promise<T> {
    count('commands.executeCommand');
    if (id === 'setContext') {
      record.context.set(String(args[0]), args[1]);
      return undefined as T;
    }
    const handler = commandHandlers.get(id);
    if (!handler && BUILTIN_COMMANDS.has(id)) {
      record.builtins.push({ id, args });
      return undefined as T;
    }
    if (!handler) throw new Error(`command '${id}' not found`);
    return (await handler(...args)) as T;
  },
};

export const workspace = {
  getConfiguration(section?: string) {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        return settings.has(full(key)) ? (settings.get(full(key)) as T) : fallback;
      },
      inspect<T>(key: string): { key: string; globalValue?: T } | undefined {
        return { key: full(key), globalValue: settings.get(full(key)) as T | undefined };
      },
      has(key: string): boolean {
        return settings.has(full(key));
      },
      async update(key: string, value: unknown): Promise<void> {
        setSetting(full(key), value);
      },
    };
  },
  onDidChangeConfiguration: configurationChanged.event,
  /** No document is open in the fake editor. */
  textDocuments: [] as Array<{ uri: Uri }>,
  registerTextDocumentContentProvider(): Disposable {
    count('workspace.registerTextDocumentContentProvider');
    return new Disposable();
  },
  async openTextDocument(uri: Uri): Promise<{ uri: Uri }> {
    record.opened.push(uri.toString());
    return { uri };
  },
  workspaceFolders: undefined as Array<{ uri: Uri }> | undefined,
  getWorkspaceFolder(uri: Uri): { uri: Uri } | undefined {
    return workspace.workspaceFolders?.find(
      (f) => f.uri.scheme === uri.scheme && (uri.path + '/').startsWith(f.uri.path.replace(/\/?$/, '/')),
    );
  },
  asRelativePath(uri: Uri | string): string {
    return typeof uri === 'string' ? uri : uri.path;
  },
  fs: {
    async writeFile(uri: Uri, content: Uint8Array): Promise<void> {
      record.written.set(uri.toString(), content);
    },
  },
};

export const env = {
  language: 'en',
  uiKind: UIKind.Desktop as number,
  remoteName: undefined as string | undefined,
  clipboard: {
    async writeText(text: string): Promise<void> {
      record.clipboard = text;
    },
  },
  async openExternal(uri: Uri): Promise<boolean> {
    record.opened.push(uri.toString());
    return true;
  },
};

export const l10n = {
  t(message: string, ...args: unknown[]): string {
    const named =
      args.length === 1 && typeof args[0] === 'object' && args[0] !== null
        ? (args[0] as Record<string, unknown>)
        : undefined;
    return message.replace(/\{(\w+)\}/g, (whole, key: string) => {
      const value = named ? named[key] : args[Number(key)];
      return value === undefined ? whole : String(value);
    });
  },
  bundle: undefined,
  uri: undefined,
};

export const version = '1.96.0';

// ---- an extension context ---------------------------------------------------------------------------

/** SecretStorage in memory; `failWith` makes every call fail, as a missing keyring does. */
export class FakeSecrets {
  readonly values = new Map<string, string>();
  failWith: Error | undefined;
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  /** The order of calls, e.g. ['delete workfront.apiKey/host']. */
  readonly calls: string[] = [];
  async get(key: string): Promise<string | undefined> {
    this.calls.push(`get ${key}`);
    if (this.failWith) throw this.failWith;
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.calls.push(`store ${key}`);
    if (this.failWith) throw this.failWith;
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.calls.push(`delete ${key}`);
    if (this.failWith) throw this.failWith;
    this.values.delete(key);
    this.changed.fire({ key });
  }
  /** As another window signing in or out does. */
  changeElsewhere(key: string, value: string | undefined): void {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    this.changed.fire({ key });
  }
}

export class FakeMemento {
  readonly values = new Map<string, unknown>();
  /** Every update, in order, for tests of ordering. */
  readonly updates: string[] = [];
  failWith: Error | undefined;
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.updates.push(key);
    if (this.failWith) throw this.failWith;
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  setKeysForSync(): void {}
}

/** Each context's global storage (the audit trail) is its own, as each real profile's is; removed at exit. */
const storageRoot = posix.join(os.tmpdir().replace(/\\/g, '/'), `workfront-users-test-${process.pid}`);
let contexts = 0;
process.once('exit', () => fs.rmSync(storageRoot, { recursive: true, force: true }));

export function makeContext(mode: number = ExtensionMode.Test) {
  return {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    extensionMode: mode,
    extension: { id: 'workfront-users.workfront-users' },
    extensionPath: '/tmp/workfront-users',
    extensionUri: Uri.file('/tmp/workfront-users'),
    globalState: new FakeMemento(),
    workspaceState: new FakeMemento(),
    secrets: new FakeSecrets(),
    logUri: Uri.file('/tmp/workfront-users/log'),
    globalStorageUri: Uri.file(posix.join(storageRoot, String(++contexts))),
    storageUri: undefined,
    asAbsolutePath: (p: string) => `/tmp/workfront-users/${p}`,
  };
}

/**
 * Waits until `done()` holds (checked every millisecond, up to `ms`): for steps that wait on the disk
 * (the audit trail's fsync'd records), which settle() does not cover.
 */
export async function until(done: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not reached in ${ms} ms: ${done.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Waits until pending timers and promises have run (the tree coalesces its events per moment). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}
