// Reads an answer's body with a cap, while it streams: an endless or huge body stops at the cap instead of
// growing the extension host's memory until it dies (or past V8's string limit).

/** The body was larger than the cap; reading stopped there and the connection was closed. */
export class AnswerTooLarge extends Error {
  constructor(
    readonly limit: number,
    /** What the server declared in Content-Length, if it declared more than the cap. */
    readonly declared?: number,
  ) {
    super(`answer larger than ${limit} bytes`);
    this.name = 'AnswerTooLarge';
  }
}

export interface StreamingBody extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

/**
 * The whole body as one ArrayBuffer of its own (never a slice of a pooled buffer, so it can be moved to
 * the decoding thread), or AnswerTooLarge once more than `limit` bytes arrived. A Content-Length above
 * the cap is refused before anything is read.
 */
export async function readCapped(
  body: StreamingBody,
  limit: number,
  contentLength: string | string[] | undefined,
): Promise<ArrayBuffer> {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw new AnswerTooLarge(limit, declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) {
      // Drop what was read and close the connection: the rest is never read.
      chunks.length = 0;
      body.destroy();
      throw new AnswerTooLarge(limit);
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes.buffer;
}
