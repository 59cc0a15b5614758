// Which certificate authorities the client trusts, as VS Code's own requests do: Node's bundled roots
// (plus NODE_EXTRA_CA_CERTS), and with `http.systemCertificates` (VS Code's default) the OS trust store
// too, where a company's TLS-inspecting proxy has its CA. One TLS context per choice, built once and
// rebuilt only when the OS store changes, handed to undici so that no global is touched.
import * as fs from 'fs';
import * as tls from 'tls';

/**
 * The OS trust store on Linux, as VS Code's proxy agent reads it (Debian/Ubuntu, older Fedora/RHEL,
 * openSUSE, Fedora 43+): the first file that exists.
 */
export const LINUX_CA_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/ssl/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
];

type GetCACertificates = (which: 'system') => string[];

interface Cached {
  readonly key: string;
  readonly context: tls.SecureContext;
}
const cache = new Map<boolean, Cached>();

/** The TLS context for connections to Workfront (and to an HTTPS proxy). */
export function trustedContext(
  systemCertificates: boolean,
  caFiles: readonly string[] = LINUX_CA_FILES,
): tls.SecureContext {
  const os = systemCertificates ? osStoreFile(caFiles) : undefined;
  const key = os ? `${os.file}:${os.mtimeMs}:${os.size}` : '';
  const hit = cache.get(systemCertificates);
  if (hit && hit.key === key) return hit.context;
  // Node's own store (bundled roots and NODE_EXTRA_CA_CERTS) is shared and cheap to start from; only the
  // OS certificates it lacks are added (the OS bundle is mostly the same roots: parsing them all again
  // cost about 300 ms on the first request).
  const context = tls.createSecureContext();
  if (systemCertificates) {
    const known = new Set(tls.rootCertificates.map(pemBody));
    for (const cert of systemStore(os?.file)) if (!known.has(pemBody(cert))) addCa(context, cert);
  }
  cache.set(systemCertificates, { key, context });
  return context;
}

function addCa(context: tls.SecureContext, cert: string): void {
  try {
    (context.context as { addCACert(pem: string): void }).addCACert(cert);
  } catch {
    // a malformed entry in the OS store: the others still count
  }
}

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
}

/** The OS trust store: the Linux bundle file, or (Node 22.15+, VS Code 1.101+) what Node reads from macOS or Windows. */
function systemStore(linuxFile: string | undefined): string[] {
  if (linuxFile) return pemBlocks(readOr(linuxFile));
  const get = (tls as unknown as { getCACertificates?: GetCACertificates }).getCACertificates;
  if (process.platform !== 'linux' && get) {
    try {
      return get('system');
    } catch {
      return [];
    }
  }
  return [];
}

function osStoreFile(caFiles: readonly string[]): { file: string; mtimeMs: number; size: number } | undefined {
  // The OS store is a file on Linux; elsewhere Node reads it (systemStore). A test names its own files.
  if (caFiles === LINUX_CA_FILES && process.platform !== 'linux') return undefined;
  for (const file of caFiles) {
    try {
      const stat = fs.statSync(file);
      if (stat.isFile()) return { file, mtimeMs: stat.mtimeMs, size: stat.size };
    } catch {
      // not this distribution's file
    }
  }
  return undefined;
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
