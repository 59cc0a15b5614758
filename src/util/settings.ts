// Reads the extension's settings. Every setting that decides where requests go is application-scoped
// in package.json, so a workspace's .vscode/settings.json cannot point the key at another host.
import * as vscode from 'vscode';
import { DEFAULT_API_VERSION, MAX_CONCURRENCY, type ClientOptions, type ProxySettings } from '../workfront';

const SECTION = 'workfront';

export interface Settings {
  /** The instance offered first when signing in. */
  readonly defaultInstance: string;
  readonly apiVersion: string;
  readonly client: ClientOptions;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  // inspect(): only the user (global) value counts for the address and version, never a workspace one.
  const global = <T>(key: string, fallback: T): T => c.inspect<T>(key)?.globalValue ?? fallback;
  const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(c.get<number>('maxConcurrentRequests', 4))));
  return {
    defaultInstance: global('instance', '').trim(),
    apiVersion: global('apiVersion', DEFAULT_API_VERSION).trim() || DEFAULT_API_VERSION,
    client: {
      timeoutMs: Math.max(1, c.get<number>('requestTimeoutSeconds', 30)) * 1000,
      concurrency,
      connections: concurrency + 2,
      proxy: proxySettings(),
    },
  };
}

/** VS Code's own proxy settings; the environment (HTTPS_PROXY, NO_PROXY) is read by the client. */
function proxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxyUrl: http.get<string>('proxy', '') || undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: http.get<string[]>('noProxy', []),
  };
}
