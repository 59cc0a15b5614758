// docs/performance.md (moved out of the README, which is for the people who install the extension) quotes
// the benchmark's results file (test/bench/results/latest.json, rendered to latest.md by the same run):
// its table and every figure its text gives, rounded as shown; the README points to it.
// After `npm run bench`, paste the table it prints; after a change of the report's layout,
// `npm run bench -- --render` writes latest.md again from latest.json.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { OUR_CONCURRENCY, OUR_PAGE } from '../bench/measure';
import { renderMarkdown, renderReadmeTable } from '../bench/report';
import type { Results } from '../bench/run';

const ROOT = path.resolve(__dirname, '../../..');
const RESULTS = path.join(ROOT, 'test', 'bench', 'results');

/** docs/performance.md, where the developer material went (the README is for the people who install it). */
function performancePage(): string {
  return fs.readFileSync(path.join(ROOT, 'docs', 'performance.md'), 'utf8');
}

/** The number the README gives right after `before` (commas allowed; a space matches a line break too). */
function quoted(text: string, before: RegExp): string {
  const match = new RegExp(`${before.source.replace(/ /g, '\\s+')}\\s*([\\d,]+(?:\\.\\d+)?)`).exec(text);
  assert.ok(match, `docs/performance.md no longer says ${before.source} <number>: update this test`);
  return match[1];
}

const whole = (n: number): string => Math.round(n).toLocaleString('en');

describe('docs/performance.md quotes the benchmark results; the README points to it', () => {
  const res = JSON.parse(fs.readFileSync(path.join(RESULTS, 'latest.json'), 'utf8')) as Results;
  const perf = performancePage();
  const largest = res.sizes[res.sizes.length - 1];

  it('latest.md is what latest.json says (one run wrote both)', () => {
    assert.strictEqual(
      fs.readFileSync(path.join(RESULTS, 'latest.md'), 'utf8'),
      renderMarkdown(res),
      'latest.md differs from latest.json: `npm run bench -- --render` writes it again',
    );
  });

  it('has the results table, number for number', () => {
    const table = renderReadmeTable(res);
    assert.ok(perf.includes(table), `docs/performance.md's table should be (\`npm run bench -- --render\`):\n${table}`);
    assert.ok(perf.includes('test/bench/results/latest.md'), 'it names the results file');
    assert.strictEqual(
      quoted(perf, /local simulator with/),
      String(res.args.latency),
      `"with ${res.args.latency} ms added"`,
    );
  });

  it('quotes the largest organisation’s distance from the network floor as measured', () => {
    const sentence = new RegExp(
      String.raw`At (N) users the Active list takes (N) times the network floor \((N) pages of (N), (N) in flight, (N) ms each = (N) ms; (N) times against a replay server`
        .replace(/ /g, String.raw`\s+`)
        .replace(/\(N\)/g, String.raw`([\d,]+(?:\.\d+)?)`),
    ).exec(perf);
    assert.ok(
      sentence,
      'docs/performance.md no longer says "At N users the Active list takes N times the network floor (…)": update this test',
    );
    assert.deepStrictEqual(sentence.slice(1), [
      whole(largest.users),
      largest.derived.oursOverFloor.toFixed(2),
      String(largest.derived.floorRequests),
      whole(OUR_PAGE),
      String(OUR_CONCURRENCY),
      String(res.args.latency),
      whole(largest.derived.floorMs),
      (largest.replay.listMs / largest.derived.floorMs).toFixed(2),
    ]);
    assert.strictEqual(quoted(perf, /That is the median of/), String(res.args.reps));
  });

  it('quotes activation and memory as measured', () => {
    const a = res.activation;
    assert.ok(a, 'the results hold the activation measurements');
    const activate = Math.max(a.signedOut.activateMs, a.signedIn.activateMs);
    assert.strictEqual(quoted(perf, /`activate\(\)` takes about/), whole(activate));
    assert.strictEqual(quoted(perf, /`dist\/extension\.js`\s+is/), whole(a.bundleBytes / 1000), 'KB');
    assert.strictEqual(quoted(perf, /loads in about/), whole(Math.max(a.signedOut.requireMs, a.signedIn.requireMs)));
    const undici = /undici\.js \(([\d,]+) bytes\)/.exec(a.bundle);
    assert.ok(undici, `the results give undici's size: ${a.bundle}`);
    assert.strictEqual(quoted(perf, /undici \(/), whole(Number(undici[1].replace(/,/g, '')) / 1000), 'KB');
    assert.strictEqual(quoted(perf, /Memory: about/), whole(largest.ours.list.retainedPerUser ?? NaN));
    assert.strictEqual(quoted(perf, /the naive client:/), whole(largest.naive.list.retainedPerUser ?? NaN));
  });
});

/** README.md's `## ` headings, in order. */
function readmeHeadings(readme: string): string[] {
  return [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
}

describe('README: for the people who install it (the Marketplace shows it)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  it('starts with what it does and a screenshot, then Develop with the two command lines', () => {
    const firstHeading = readme.indexOf('\n## ');
    assert.match(readme.slice(0, firstHeading), /deactivate/i, 'what it does comes first');
    assert.match(readme.slice(0, firstHeading), /!\[[^\]]*\]\(media\/screenshot-[\w-]+\.png\)/, 'then a screenshot');
    assert.strictEqual(readmeHeadings(readme)[0], 'Develop', 'Develop is the first section, short');
    const develop = readme.slice(firstHeading, readme.indexOf('\n## ', firstHeading + 1));
    assert.ok(develop.includes('npm ci && npm run demo') && develop.includes('npm ci && npm test'));
    assert.ok(develop.includes('CONTRIBUTING.md'), 'it points to the developer material');
    assert.ok(develop.split('\n').length < 15, 'and stays short');
  });

  it('has install, sign in, use, settings and privacy, in that order', () => {
    const headings = readmeHeadings(readme);
    const order = ['Install', 'Sign in', 'Use', 'Settings', 'Privacy'].map((h) => headings.indexOf(h));
    assert.ok(!order.includes(-1), `sections: ${headings.join(', ')}`);
    assert.deepStrictEqual(
      [...order].sort((a, b) => a - b),
      order,
      `in order: ${headings.join(', ')}`,
    );
  });

  it('says what it keeps private: no telemetry, the key in the OS keychain', () => {
    assert.match(readme, /No telemetry/);
    assert.match(readme, /OS keychain/);
  });

  it('documents where it runs (extensionKind), with the version floor', () => {
    assert.ok(readme.includes(JSON.stringify(pkg.extensionKind).replace(/,/g, ', ')), 'the extensionKind');
    assert.match(readme, /Remote-SSH/);
    const floor = pkg.engines.vscode.replace(/^\^/, '').replace(/\.0$/, '');
    assert.ok(readme.includes(`VS Code ${floor} or newer`), `"VS Code ${floor} or newer"`);
  });

  it('leaves the developer material to CONTRIBUTING.md and docs/', () => {
    for (const gone of ['Performance', 'Developing']) assert.ok(!readmeHeadings(readme).includes(gone), gone);
    // The matrix itself (what is injected where), not a pointer to it.
    assert.ok(!/faults\.test\.ts/.test(readme), 'the fault matrix is described in CONTRIBUTING.md');
    assert.match(fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8'), /faults\.test\.ts/);
  });

  it('every image it shows exists (the VSIX leaves them out; vsce links them to the repository)', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const image of images) assert.ok(fs.existsSync(path.join(ROOT, image)), image);
  });
});
