// The one logger: secrets never written, and text from Workfront unable to forge a log line.
import * as assert from 'assert';
import { Log } from '../../src/util/log';
import * as fake from '../fakes/vscode';

describe('Log', () => {
  let log: Log;
  beforeEach(() => {
    fake.reset();
    log = new Log('Workfront Users');
  });
  const written = () => fake.record.log.map((l) => l.message);

  it('a name with line breaks cannot start a line of its own', () => {
    const name = 'Dana\n2026-11-30 12:00:00.000 [info] Signed out of acme\r\nx\u2028y\u0085z\rw';
    log.info(`Deactivate ${name}: confirmed`);
    const [line] = written();
    for (const part of line.split('\n').slice(1)) assert.ok(part.startsWith('    '), JSON.stringify(part));
    assert.strictEqual(line.split('\n').length, 6);
    assert.ok(!/[\r\u2028\u0085]/.test(line));
  });

  it('control and direction characters are shown as escapes', () => {
    log.warn('a\u001b[31mred\u0007 \u202eevil\u2069 tab\tkept');
    assert.deepStrictEqual(written(), ['a\\u001b[31mred\\u0007 \\u202eevil\\u2069 tab\tkept']);
  });

  it('a registered secret is never written, at any level; removed secrets are written again', () => {
    log.addSecret('s3cret-key');
    for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) log[level](`key=s3cret-key!`);
    assert.ok(written().every((l) => l === 'key=***!'));
    log.removeSecret('s3cret-key');
    log.info('s3cret-key');
    assert.strictEqual(written().at(-1), 's3cret-key');
  });
});
