// The entry point of the decoding thread (dist/summaryWorker.js): turns the bytes of a large `user/search`
// answer into packed users. Only a plain success is handled here; anything else (not JSON, an error
// envelope, a row of the wrong shape) goes back to the extension's thread, which reads it the usual way
// and reports exactly what is wrong.
import { parentPort } from 'node:worker_threads';
import { toSummary } from './records';
import { packSummaries, transferList } from './summaryPacking';
import type { DecodeReply, DecodeRequest } from './summaryDecoder';

const UTF8 = new TextDecoder();

parentPort?.on('message', (req: DecodeRequest) => {
  try {
    const parsed: unknown = JSON.parse(UTF8.decode(req.bytes));
    const data =
      typeof parsed === 'object' && parsed !== null && !('error' in parsed)
        ? (parsed as { data?: unknown }).data
        : undefined;
    if (!Array.isArray(data)) throw new Error('not a list');
    const packed = packSummaries(data.map((row) => toSummary(row, req.operation)));
    parentPort?.postMessage({ id: req.id, packed } satisfies DecodeReply, transferList(packed));
  } catch {
    parentPort?.postMessage({ id: req.id, bytes: req.bytes } satisfies DecodeReply, [req.bytes]);
  }
});
