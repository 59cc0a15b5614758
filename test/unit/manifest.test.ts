// The manifest and the package: complete metadata, every manifest string localised, the l10n bundle
// in step with the code, and a VSIX that holds only what runs.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yauzl from 'yauzl';
import { packageVsix } from '../../scripts/vscode/realVscode';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** What a VSIX may hold, besides the files vsce itself adds. */
const ALLOWED = [
  /^extension\/dist\/(extension|undici|summaryWorker|pac)\.js$/,
  // QuickJS, which runs proxy auto-config files (dist/pac.js reads it from beside itself).
  /^extension\/dist\/quickjs\.wasm$/,
  /^extension\/media\/[^/]+\.(png|svg)$/,
  /^extension\/(package\.json|package\.nls(\.[a-z-]+)?\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i,
  /^extension\/l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/,
];
const VSCE_OWN = /^(extension\.vsixmanifest|\[Content_Types\]\.xml)$/;

function entries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('manifest and package', function () {
  this.timeout(120_000);

  it('has the metadata a Marketplace listing needs', () => {
    for (const key of [
      'name',
      'displayName',
      'description',
      'version',
      'publisher',
      'license',
      'icon',
      'repository',
      'categories',
      'keywords',
    ]) {
      assert.ok(pkg[key], `package.json has ${key}`);
    }
    assert.deepStrictEqual(pkg.activationEvents, [], 'views and commands activate the extension by themselves');
    assert.strictEqual(pkg.main, './dist/extension.js');
    assert.match(pkg.engines.vscode, /^\^1\.\d+\.0$/);
    assert.strictEqual(
      pkg.devDependencies['@types/vscode'],
      pkg.engines.vscode.slice(1),
      '@types/vscode pinned to the engines floor, so no newer API slips in',
    );
    const png = fs.readFileSync(path.join(ROOT, pkg.icon));
    assert.strictEqual(png.subarray(1, 4).toString(), 'PNG');
    assert.deepStrictEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'a 128x128 icon');
  });

  it('keys act on the focused row: each key that acts on a user selects the focused row first, unless several are selected', () => {
    type Kb = { command: string; key: string; when: string; args?: unknown };
    const kbs = pkg.contributes.keybindings as Kb[];
    for (const key of ['delete', 'shift+delete', 'ctrl+c']) {
      const forKey = kbs.filter((k) => k.key === key);
      const single = forKey.find((k) => k.when.includes('!listMultiSelection'));
      const multi = forKey.find((k) => /(^|&& )listMultiSelection/.test(k.when));
      assert.ok(single && multi, `${key}: one binding for a single row, one for a multi-selection`);
      assert.strictEqual(single.command, 'runCommands');
      assert.deepStrictEqual(
        (single.args as { commands: unknown[] }).commands[0],
        'list.select',
        `${key} selects first`,
      );
      assert.strictEqual(multi.args, 'selection');
    }
    for (const key of ['enter', 'space']) {
      const kb = kbs.find((k) => k.key === key);
      assert.ok(kb && kb.command === 'runCommands', `${key} selects the focused row and opens it`);
    }
    const f5 = kbs.find((k) => k.key === 'f5');
    assert.match(f5?.when ?? '', /!inDebugMode/, 'F5 leaves Start Debugging alone during a debug session');
  });

  it('localises every manifest string, and package.nls.json has no stale keys', () => {
    const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
    const used = new Set([...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    for (const key of used) assert.ok(key in nls, `package.nls.json lacks "${key}"`);
    for (const key of Object.keys(nls)) assert.ok(used.has(key), `package.nls.json has unused "${key}"`);
    for (const c of pkg.contributes.commands) {
      assert.match(c.title, /^%.+%$/, `${c.command} has a localised title`);
      assert.strictEqual(c.category, '%category%', `${c.command} is in the Workfront category`);
    }
  });

  it('has an l10n bundle that matches every vscode.l10n.t string in the code', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-l10n-'));
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js'),
        'export',
        '--outDir',
        out,
        path.join(ROOT, 'src'),
      ],
      { stdio: 'pipe' },
    );
    const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8'));
    assert.deepStrictEqual(
      Object.keys(committed).sort(),
      Object.keys(fresh).sort(),
      'run `npm run l10n` to refresh l10n/bundle.l10n.json',
    );
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('packages a VSIX that holds only what runs', async () => {
    // Built now, from the sources as they are (a .vsix left from an earlier build proves nothing), in a
    // scratch folder: the working tree's dist/ and any workfront-users.vsix stay as they are.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-vsix-test-'));
    try {
      await checkVsix(packageVsix(path.join(scratch, 'workfront-users.vsix')));
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});

/** The VSIX holds what runs (the bundles, the manifest and its strings, the media) and nothing else. */
async function checkVsix(VSIX: string): Promise<void> {
  const names = await entries(VSIX);
  const unexpected = names.filter((n) => !VSCE_OWN.test(n) && !ALLOWED.some((re) => re.test(n)));
  assert.deepStrictEqual(unexpected, [], 'files in the VSIX that do not run');
  for (const needed of [
    'extension/dist/extension.js',
    'extension/dist/undici.js',
    'extension/dist/summaryWorker.js',
    'extension/dist/pac.js',
    'extension/dist/quickjs.wasm',
    'extension/package.json',
    'extension/media/workfront.svg',
    'extension/l10n/bundle.l10n.json',
  ]) {
    assert.ok(names.includes(needed), `${needed} is in the VSIX`);
  }
  assert.ok(!names.some((n) => n.endsWith('.map')), 'no source maps in the VSIX');
  // The README links the screenshots (the Marketplace shows them from the repository); installs skip them.
  assert.deepStrictEqual(
    names.filter((n) => /screenshot/i.test(n)),
    [],
    'no screenshots in the VSIX',
  );
  const size = fs.statSync(VSIX).size;
  console.log(`      VSIX: ${names.length} files, ${(size / 1024).toFixed(0)} KB`);
  assert.ok(size < 2 * 1024 * 1024, 'under 2 MB');
}
