// The cost of redacting secrets from every log line and message (src/workfront/redact.ts), beside the
// plain split/join that redacts only the exact secret: what finding every form of it (case, escapes,
// line breaks) costs per line. Also that quoting a huge answer reads only its start.
import { performance } from 'node:perf_hooks';
import { Redactor } from '../../src/workfront/redact';
import { median } from './stats';

export interface RedactionResult {
  lines: number;
  /** Median ms for redacting all the lines, ours and the exact-match baseline. */
  redactorMs: number;
  splitJoinMs: number;
  /** Quoting (500 characters) of a 20 MB answer vs a 2 KB one, median µs. */
  quoteHugeUs: number;
  quoteSmallUs: number;
}

const SECRETS = ['S3cr3t-Pa55word!', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'];

export function measureRedaction(runs = 7): RedactionResult {
  const lines = Array.from(
    { length: 20_000 },
    (_, i) => `GET /attask/api/v21.0/user/search 200 ${i % 900} ms (attempt 1): List active users, page ${i}`,
  );
  const redactor = new Redactor(SECRETS);
  const splitJoin = (text: string) => SECRETS.reduce((t, s) => t.split(s).join('***'), text);
  const time = (fn: () => void) => {
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      fn();
      samples.push(performance.now() - t0);
    }
    return median(samples);
  };
  let sink = 0;
  // Interleaved, once each to warm up first.
  const ours = () => lines.forEach((l) => (sink += redactor.redact(l).length));
  const base = () => lines.forEach((l) => (sink += splitJoin(l).length));
  ours();
  base();
  const redactorMs = time(ours);
  const splitJoinMs = time(base);
  const huge = `${SECRETS[0]} `.repeat(1_200_000);
  const small = `${SECRETS[0]} `.repeat(120);
  const quoteHugeUs = time(() => (sink += redactor.quote(huge, 500).length)) * 1000;
  const quoteSmallUs = time(() => (sink += redactor.quote(small, 500).length)) * 1000;
  if (sink < 0) throw new Error('unreachable');
  return { lines: lines.length, redactorMs, splitJoinMs, quoteHugeUs, quoteSmallUs };
}
