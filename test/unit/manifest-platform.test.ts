// Where the extension runs and on what: engines.vscode is the oldest VS Code whose runtime meets every
// requirement of the shipped code (and the tests run in exactly that one), extensionKind and capabilities
// say where it runs. Each check fails when the manifest and what it describes drift apart.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readEditions } from '../../scripts/vscode/editions';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildOptions } = require(path.join(ROOT, 'esbuild.js')) as { buildOptions(): { target: string } };

/**
 * The Node each VS Code release runs extensions on (its Electron's Node), from the release notes: the
 * releases either side of the floor, so the floor found below is provably the oldest one that fits.
 * See docs/version-floor.md.
 */
const NODE_OF_RELEASE: ReadonlyArray<readonly [vscode: string, node: string]> = [
  ['1.95', '20.18.0'], // Electron 32.2.1
  ['1.96', '20.18.1'], // Electron 32.2.6
  ['1.100', '20.19.0'], // Electron 34.5.1
  ['1.101', '22.15.1'], // Electron 35.5.1
];

/** Node APIs the shipped code calls that are younger than Node 20.0, with the release that added them. */
const NODE_APIS: ReadonlyArray<readonly [api: string, since: string]> = [['AbortSignal.any', '20.3.0']];

type Version = [number, number, number];
const parse = (v: string): Version => {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim());
  if (!m) throw new Error(`not a version: ${v}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
};
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** npm's range forms that `engines` fields use: `>=x.y.z`, `>x`, `<x`, `<=x`, `^x.y.z`, `x.y.z`, joined by spaces and `||`. */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      // npm allows a space between the operator and the version (pac-resolver: ">= 20").
      .replace(/(>=|<=|>|<|=|\^)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => {
        const m = /^(>=|<=|>|<|=|\^)?\s*(.+)$/.exec(comparator);
        if (!m) throw new Error(`unknown range ${range}`);
        const bound = parse(m[2]);
        const c = compare(v, bound);
        switch (m[1]) {
          case '>=':
            return c >= 0;
          case '>':
            return c > 0;
          case '<=':
            return c <= 0;
          case '<':
            return c < 0;
          case '^':
            return c >= 0 && v[0] === bound[0];
          default:
            return c === 0;
        }
      }),
  );
}

/** Every requirement on the runtime: the dependencies' `engines.node`, and the Node APIs the code calls. */
function requirements(): Array<{ what: string; range: string }> {
  const found: Array<{ what: string; range: string }> = [];
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', dep, 'package.json'), 'utf8'));
    if (manifest.engines?.node)
      found.push({ what: `${dep} ${manifest.version} engines`, range: manifest.engines.node });
  }
  for (const [api, since] of NODE_APIS) found.push({ what: api, range: `>=${since}` });
  return found;
}

function sourceText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

describe('manifest: the version floor, and where the extension runs', () => {
  const editions = readEditions();

  it('the range checker reads npm ranges as npm does', () => {
    assert.ok(satisfies('20.18.1', '>=20.18.1'));
    assert.ok(!satisfies('20.18.0', '>=20.18.1'));
    assert.ok(satisfies('22.1.0', '^20.17.0 || >=22.0.0'));
    assert.ok(!satisfies('21.9.0', '^20.17.0 || >=22.0.0'));
    assert.ok(satisfies('18.17.1', '>=18.17 <19 || >=20'));
    assert.ok(!satisfies('19.0.0', '>=18.17 <19 || >=20'));
    assert.ok(satisfies('20.18.1', '>= 20') && !satisfies('18.20.0', '>= 20'));
  });

  it('every Node API in the list is still called by the shipped code (the list does not go stale)', () => {
    const src = sourceText(path.join(ROOT, 'src'));
    for (const [api] of NODE_APIS) assert.ok(src.includes(api), `${api} is no longer used: drop it from NODE_APIS`);
  });

  it('engines.vscode is the oldest VS Code whose Node meets every requirement of the shipped code', () => {
    const needs = requirements();
    assert.ok(
      needs.some((n) => n.what.startsWith('undici')),
      'undici’s engines are among the requirements',
    );
    const fits = (node: string) => needs.every((n) => satisfies(node, n.range));
    const [first] = NODE_OF_RELEASE;
    assert.ok(
      !fits(first[1]),
      `VS Code ${first[0]} (Node ${first[1]}) meets every requirement: extend NODE_OF_RELEASE below it, the floor may be lower`,
    );
    const floor = NODE_OF_RELEASE.find(([, node]) => fits(node));
    assert.ok(floor, `no VS Code in the table meets ${JSON.stringify(needs)}`);
    assert.strictEqual(
      pkg.engines.vscode,
      `^${floor[0]}.0`,
      `the requirements (${needs.map((n) => `${n.what} ${n.range}`).join('; ')}) first fit VS Code ${floor[0]} (Node ${floor[1]})`,
    );
  });

  it('@types/vscode, the esbuild target and the oldest tested VS Code all match the floor', () => {
    const floor = pkg.engines.vscode.replace(/^\^/, '').replace(/\.0$/, '');
    const node = NODE_OF_RELEASE.find(([vscode]) => vscode === floor)?.[1];
    assert.ok(node, `VS Code ${floor} is in NODE_OF_RELEASE`);
    assert.strictEqual(pkg.devDependencies['@types/vscode'], `${floor}.0`, 'no API newer than the floor type-checks');
    const [major, minor] = parse(node);
    assert.strictEqual(buildOptions().target, `node${major}.${minor}`, 'the bundle is built for the floor’s Node');
    assert.match(
      editions.oldest.vscode,
      new RegExp(`^${floor.replace('.', '\\.')}\\.\\d+$`),
      'the tests run the floor',
    );
    assert.strictEqual(editions.oldest.codeServer, `4.${editions.oldest.vscode.split('.').slice(1).join('.')}`);
    assert.strictEqual(editions.oldest.node, node, 'the oldest VS Code runs on the Node that release ships');
    assert.ok(compare(parse(editions.newest.vscode), parse(editions.oldest.vscode)) > 0);
  });

  it('extensionKind: on the admin’s own machine first, on the remote host only where there is no local one', () => {
    assert.deepStrictEqual(pkg.extensionKind, ['ui', 'workspace']);
  });

  it('capabilities: limited in Restricted Mode; virtual workspaces supported', () => {
    // (That every setting a workspace may set is restricted: settings.test.ts.)
    const untrusted = pkg.capabilities?.untrustedWorkspaces;
    assert.strictEqual(untrusted?.supported, 'limited');
    assert.match(untrusted.description, /^%.+%$/, 'the description is localised');
    assert.ok(untrusted.restrictedConfigurations.length > 0);
    assert.strictEqual(
      pkg.capabilities?.virtualWorkspaces,
      true,
      'it reads no workspace file (export uses workspace.fs)',
    );
  });

  it('support links: questions to the Marketplace’s Q&A; the repository placeholders are documented', () => {
    assert.strictEqual(pkg.qna, 'marketplace');
    const contributing = fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');
    for (const url of [pkg.repository.url, pkg.bugs.url, pkg.homepage]) {
      const repo = /github\.com\/([^/#.]+\/[^/#.]+)/.exec(url)?.[1];
      assert.ok(repo && contributing.includes(repo), `CONTRIBUTING.md says that ${url} is a placeholder`);
    }
  });
});
