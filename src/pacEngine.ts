// The entry point of dist/pac.js: evaluates a proxy auto-config (PAC) script, loaded only when the OS
// names a PAC file (see esbuild.js and src/workfront/pac.ts). A PAC script is JavaScript from the
// network, so it runs in QuickJS compiled to WebAssembly (pac-resolver, from the proxy-agents project),
// never in Node's `vm`: it sees only the PAC functions, within a memory and time budget.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createPacResolver } from 'pac-resolver';
import { QuickJS } from 'quickjs-wasi';

/** Enough for any real PAC file (they are a few KB of string matching). */
const MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/** A script that runs longer than this for one host is stopped (an endless loop must not hang requests). */
export const EVALUATION_LIMIT_MS = 2_000;

export interface PacScript {
  /** FindProxyForURL(url, host): the PAC answer, e.g. "PROXY proxy:8080; DIRECT". */
  findProxy(url: string, host: string): Promise<string>;
  dispose(): void;
}

let wasm: Promise<Buffer> | undefined;

/** QuickJS's WebAssembly, read once per process: beside this file in dist/, else from its package. */
function quickjsBinary(): Promise<Buffer> {
  wasm ??= (async () => {
    const beside = path.join(__dirname, 'quickjs.wasm');
    // Outside the bundle (unit tests run the compiled sources), from the package; hidden from esbuild,
    // which would otherwise try to bundle the path.
    const fromPackage = () => (require as NodeJS.Require).resolve.call(require, 'quickjs-wasi/quickjs.wasm');
    return fs.promises.readFile(fs.existsSync(beside) ? beside : fromPackage());
  })();
  return wasm;
}

/** Compiles the script; throws (with the script's own error) when it is not a PAC file. */
export async function compilePac(script: string): Promise<PacScript> {
  let deadline = Infinity;
  let ticks = 0;
  const vm = await QuickJS.create({
    wasm: await quickjsBinary(),
    memoryLimit: MEMORY_LIMIT_BYTES,
    // Called about once per bytecode instruction: look at the clock only every few thousand.
    interruptHandler: () => (++ticks & 0xfff) === 0 && Date.now() > deadline,
  });
  try {
    deadline = Date.now() + EVALUATION_LIMIT_MS;
    const find = createPacResolver(vm, script, { sandbox: { myIpAddress } });
    return {
      async findProxy(url, host) {
        deadline = Date.now() + EVALUATION_LIMIT_MS;
        let timer: NodeJS.Timeout | undefined;
        // dnsResolve() and the like wait on the host, outside the VM's instruction budget.
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`FindProxyForURL did not answer within ${EVALUATION_LIMIT_MS / 1000} s`)),
            EVALUATION_LIMIT_MS,
          );
        });
        try {
          return String(await Promise.race([find(url, host), late]));
        } finally {
          clearTimeout(timer);
        }
      },
      dispose: () => vm.dispose(),
    };
  } catch (err) {
    vm.dispose();
    throw err;
  }
}

/**
 * The machine's own IPv4 address, from its interfaces. pac-resolver's own opens a TCP connection to a
 * public DNS server to learn it; an extension must not reach out to a third party to evaluate a PAC file.
 */
async function myIpAddress(): Promise<string> {
  for (const entries of Object.values(os.networkInterfaces())) {
    for (const e of entries ?? []) if (e.family === 'IPv4' && !e.internal) return e.address;
  }
  return '127.0.0.1';
}
