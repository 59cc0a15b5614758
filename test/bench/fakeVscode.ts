// A minimal stand-in for the `vscode` module: just enough for the extension's bundle to load and for
// activate() to wire itself up outside VS Code, so the benchmark can time both. Calls are counted;
// anything the fake does not know is answered by a forgiving stub and its name recorded in `missing`.

export interface FakeRecord {
  calls: Record<string, number>;
  logLines: string[];
  missing: Set<string>;
}

export function makeFakeVscode(): { vscode: Record<string, unknown>; record: FakeRecord } {
  const record: FakeRecord = { calls: {}, logLines: [], missing: new Set() };
  const count = (name: string) => {
    record.calls[name] = (record.calls[name] ?? 0) + 1;
  };
  class Disposable {
    static from(...items: Array<{ dispose(): unknown }>): Disposable {
      return new Disposable(() => items.forEach((d) => d.dispose()));
    }
    constructor(private readonly fn: () => unknown = () => undefined) {}
    dispose(): void {
      this.fn();
    }
  }
  class EventEmitter<T> {
    private listeners = new Set<(e: T) => unknown>();
    readonly event = (listener: (e: T) => unknown) => {
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
  class TreeItem {
    constructor(
      public label: unknown,
      public collapsibleState?: number,
    ) {}
  }
  class ThemeIcon {
    constructor(
      public id: string,
      public color?: unknown,
    ) {}
  }
  class ThemeColor {
    constructor(public id: string) {}
  }
  class MarkdownString {
    constructor(public value = '') {}
    appendMarkdown(s: string): this {
      this.value += s;
      return this;
    }
    appendText(s: string): this {
      this.value += s;
      return this;
    }
  }
  const format = (message: string, ...args: unknown[]) =>
    message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  const channel = (name: string) => {
    count('window.createOutputChannel');
    const line = (level: string) => (msg: string) => record.logLines.push(`[${level}] ${name}: ${msg}`);
    return {
      name,
      logLevel: 2,
      onDidChangeLogLevel: () => new Disposable(),
      trace: line('trace'),
      debug: line('debug'),
      info: line('info'),
      warn: line('warn'),
      error: line('error'),
      append: () => undefined,
      appendLine: (msg: string) => record.logLines.push(msg),
      replace: () => undefined,
      clear: () => undefined,
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
    };
  };
  const configuration = {
    get: <T>(_key: string, fallback?: T) => fallback,
    inspect: () => undefined,
    has: () => false,
    update: async () => undefined,
  };
  const vscode: Record<string, unknown> = {
    version: '1.85.0',
    Disposable,
    EventEmitter,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    Uri: {
      parse: (s: string) => ({ toString: () => s }),
      file: (s: string) => ({ fsPath: s, toString: () => `file://${s}` }),
    },
    l10n: { t: (message: string, ...args: unknown[]) => format(message, ...args), bundle: undefined, uri: undefined },
    env: { language: 'en', openExternal: async () => true, clipboard: { writeText: async () => undefined } },
    window: {
      createOutputChannel: channel,
      createTreeView: (id: string) => {
        count('window.createTreeView');
        return {
          id,
          visible: false,
          description: undefined,
          message: undefined,
          selection: [],
          onDidChangeVisibility: () => new Disposable(),
          onDidChangeSelection: () => new Disposable(),
          onDidExpandElement: () => new Disposable(),
          onDidCollapseElement: () => new Disposable(),
          reveal: async () => undefined,
          dispose: () => undefined,
        };
      },
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => unknown) =>
        task(
          { report: () => undefined },
          { isCancellationRequested: false, onCancellationRequested: () => new Disposable() },
        ),
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      showInputBox: async () => undefined,
      showQuickPick: async () => undefined,
      showTextDocument: async () => undefined,
      showSaveDialog: async () => undefined,
      registerTreeDataProvider: () => new Disposable(),
      createQuickPick: () => ({
        show: () => undefined,
        dispose: () => undefined,
        onDidAccept: () => new Disposable(),
        onDidHide: () => new Disposable(),
        onDidChangeValue: () => new Disposable(),
      }),
    },
    commands: {
      registerCommand: () => {
        count('commands.registerCommand');
        return new Disposable();
      },
      executeCommand: async () => {
        count('commands.executeCommand');
        return undefined;
      },
    },
    workspace: {
      getConfiguration: () => configuration,
      onDidChangeConfiguration: () => new Disposable(),
      registerTextDocumentContentProvider: () => {
        count('workspace.registerTextDocumentContentProvider');
        return new Disposable();
      },
      openTextDocument: async () => ({}),
      fs: { writeFile: async () => undefined },
    },
  };
  // Anything else: a stub that can be called, constructed and read from, and is recorded as missing.
  const stub = (name: string): unknown =>
    new Proxy(function () {}, {
      get: (_t, p) => (p === 'then' ? undefined : stub(`${name}.${String(p)}`)),
      apply: () => new Disposable(),
      construct: () => new Disposable(),
    });
  const forgiving = (obj: Record<string, unknown>, prefix: string): Record<string, unknown> =>
    new Proxy(obj, {
      get: (t, p) => {
        if (typeof p === 'symbol' || p in t) {
          const v = t[p as string];
          return v && typeof v === 'object' && !Array.isArray(v) && typeof p === 'string'
            ? forgiving(v as Record<string, unknown>, `${prefix}${p}.`)
            : v;
        }
        if (p === 'then' || p === '__esModule' || p === 'default') return undefined;
        record.missing.add(prefix + p);
        return stub(prefix + p);
      },
    });
  return { vscode: forgiving(vscode, ''), record };
}

/** An ExtensionContext with in-memory storage; `instances` pre-fills the signed-in instances. */
export function makeFakeContext(instances: Array<{ origin: string; apiBase: string }>): Record<string, unknown> {
  const state = new Map<string, unknown>([['workfront.instances', instances]]);
  const memento = {
    get: <T>(key: string, fallback?: T) => (state.has(key) ? (state.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void state.set(key, value),
    keys: () => [...state.keys()],
    setKeysForSync: () => undefined,
  };
  const secrets = new Map<string, string>();
  return {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    extensionMode: 1,
    extensionPath: '/tmp/workfront-users',
    extensionUri: { fsPath: '/tmp/workfront-users', toString: () => 'file:///tmp/workfront-users' },
    globalState: memento,
    workspaceState: memento,
    secrets: {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => void secrets.set(k, v),
      delete: async (k: string) => void secrets.delete(k),
      onDidChange: () => ({ dispose: () => undefined }),
    },
    logUri: { fsPath: '/tmp/workfront-users/log' },
    globalStorageUri: { fsPath: '/tmp/workfront-users/global' },
    storageUri: undefined,
    asAbsolutePath: (p: string) => `/tmp/workfront-users/${p}`,
  };
}
