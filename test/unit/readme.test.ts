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
