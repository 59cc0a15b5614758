// Where the OS says its proxy auto-config (PAC) file is, read the way desktop VS Code's Chromium reads it
// (net/proxy_resolution/proxy_config_service_{linux,mac,win}.cc): on Linux the GNOME proxy settings
// under a GNOME-family desktop, else the `auto_proxy` environment variable; on macOS the network
// settings (`scutil --proxy`); on Windows the user's Internet Settings (AutoConfigURL). Only the PAC URL
// is read here: the manual proxies of those settings reach VS Code as http.proxy or the environment.
import { execFile } from 'child_process';

export interface PacSource {
  readonly url: string;
  /** Where it was found, for the log and for messages. */
  readonly from: string;
}

export type RunCommand = (file: string, args: readonly string[]) => Promise<string>;

export interface OsReader {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs a command and gives its standard output; rejects when it fails or is missing. */
  readonly run: RunCommand;
}

/** The desktops whose proxy settings Chromium reads from GNOME's gsettings (base/nix/xdg_util). */
const GNOME_FAMILY = /\b(gnome|unity|cinnamon|pantheon|budgie|deepin|ukui)\b/i;
/** Asking gsettings, scutil or reg costs a process (10–50 ms): their answer is kept this long. */
const COMMAND_ANSWER_MS = 60_000;
const WINDOWS_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';

let cached: { key: string; at: number; answer: Promise<PacSource | undefined> } | undefined;

/** The PAC URL the OS names, if any (WPAD auto-discovery without a URL is not followed; see docs/network.md). */
export function osPacSource(reader: OsReader = defaultReader()): Promise<PacSource | undefined> {
  if (reader.platform === 'linux') {
    const desktop = reader.env.XDG_CURRENT_DESKTOP ?? reader.env.DESKTOP_SESSION ?? '';
    // The environment is read afresh every time (it costs nothing and tests change it).
    if (!GNOME_FAMILY.test(desktop)) return Promise.resolve(fromEnvironment(reader.env));
  }
  if (!['linux', 'darwin', 'win32'].includes(reader.platform)) return Promise.resolve(undefined);
  const key = reader.platform;
  if (cached && cached.key === key && Date.now() - cached.at < COMMAND_ANSWER_MS) return cached.answer;
  const answer = fromCommand(reader).catch(() => undefined);
  cached = { key, at: Date.now(), answer };
  return answer;
}

/** Chromium's Linux fallback: `auto_proxy` holds the PAC URL (set but empty means WPAD: not followed). */
function fromEnvironment(env: OsReader['env']): PacSource | undefined {
  const url = env.auto_proxy?.trim();
  return url ? { url, from: 'the auto_proxy environment variable' } : undefined;
}

async function fromCommand(reader: OsReader): Promise<PacSource | undefined> {
  switch (reader.platform) {
    case 'linux': {
      const mode = await reader.run('gsettings', ['get', 'org.gnome.system.proxy', 'mode']);
      if (parseGsettingsString(mode) !== 'auto') return undefined;
      const url = parseGsettingsString(
        await reader.run('gsettings', ['get', 'org.gnome.system.proxy', 'autoconfig-url']),
      );
      return url ? { url, from: 'the GNOME proxy settings (org.gnome.system.proxy)' } : undefined;
    }
    case 'darwin': {
      const url = parseScutilProxy(await reader.run('scutil', ['--proxy']));
      return url ? { url, from: 'the macOS network settings (scutil --proxy)' } : undefined;
    }
    case 'win32': {
      const url = parseRegAutoConfig(await reader.run('reg', ['query', WINDOWS_KEY, '/v', 'AutoConfigURL']));
      return url ? { url, from: 'the Windows Internet Settings (AutoConfigURL)' } : undefined;
    }
    default:
      return undefined;
  }
}

/** gsettings prints a string value quoted: `'auto'`, `'http://wpad/proxy.pac'` (GVariant text format). */
export function parseGsettingsString(output: string): string {
  const text = output.trim();
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(text) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  return (m ? m[1].replace(/\\(.)/g, '$1') : text).trim();
}

/**
 * `scutil --proxy` prints the proxy dictionary: the PAC URL counts only with ProxyAutoConfigEnable : 1.
 * Only the top level is read (nested dictionaries, e.g. per-interface, are indented deeper).
 */
export function parseScutilProxy(output: string): string | undefined {
  const values = new Map<string, string>();
  for (const line of output.split(/\r?\n/)) {
    const m = /^ {2}(\w+) : (.*)$/.exec(line);
    if (m) values.set(m[1], m[2].trim());
  }
  const url = values.get('ProxyAutoConfigURLString');
  return values.get('ProxyAutoConfigEnable') === '1' && url ? url : undefined;
}

/** `reg query … /v AutoConfigURL` prints `    AutoConfigURL    REG_SZ    http://…`. */
export function parseRegAutoConfig(output: string): string | undefined {
  const m = /^\s*AutoConfigURL\s+REG_(?:EXPAND_)?SZ\s+(.+?)\s*$/im.exec(output);
  return m?.[1] || undefined;
}

function defaultReader(): OsReader {
  return {
    platform: process.platform,
    env: process.env,
    run: (file, args) =>
      new Promise((resolve, reject) =>
        execFile(file, [...args], { timeout: 5_000, windowsHide: true }, (err, stdout) =>
          err ? reject(err) : resolve(String(stdout)),
        ),
      ),
  };
}

/** Tests: forget the commands' last answer. */
export function forgetOsPacSource(): void {
  cached = undefined;
}
