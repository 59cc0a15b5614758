// Reads Workfront's answer to a call: `data` on success, otherwise a typed error that quotes Workfront's
// words bounded, on one line and redacted.
import type { AnswerTooLarge } from './body';
import { WorkfrontError } from './errors';
import { classify, describe, isRecord, safeHost } from './failures';
import { formatBytes, MAX_CLASS_CHARS, MAX_QUOTED_CHARS } from './limits';
import type { Redactor } from './redact';

export interface RawAnswer {
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  location: string | undefined;
  /** The body as received; decoded only when read on this thread. */
  bytes: ArrayBuffer;
}

const UTF8 = new TextDecoder();

export function tooLarge(operation: string, err: AnswerTooLarge): WorkfrontError {
  const announced = err.declared !== undefined ? ` (it announced ${formatBytes(err.declared)})` : '';
  return new WorkfrontError(
    'malformed',
    `${operation}: Workfront's answer was larger than any legitimate answer to this request${announced}; reading stopped at ${formatBytes(err.limit)}.`,
    { operation },
  );
}

/** Classifies an answer: `data` on success; otherwise a typed error. A 200 with `error` is a failure. */
export function readAnswer(operation: string, answer: RawAnswer, instanceHost: string, redactor: Redactor): unknown {
  const { status } = answer;
  if (status >= 300 && status < 400) {
    const where = answer.location ? safeHost(answer.location) : 'another address';
    throw new WorkfrontError(
      'redirect',
      `${operation}: Workfront answered with a redirect (${status}) to ${where}. Redirects are not followed, so the API key stays with ${instanceHost}. Check the instance address.`,
      { operation, status },
    );
  }
  let text = '';
  let parsed: unknown;
  let parseFailed = false;
  try {
    text = UTF8.decode(answer.bytes);
    if (text.trim() !== '') parsed = JSON.parse(text);
  } catch {
    // Not JSON, or (past the caps, which should make it impossible) a RangeError from a huge string.
    parseFailed = true;
  }
  const envelope = isRecord(parsed) ? parsed : undefined;
  const error = envelope && isRecord(envelope.error) ? envelope.error : undefined;
  if (error || status < 200 || status >= 300) {
    // Both are quoted to users and logs: bounded, on one line, no secret in any form.
    const wfClass = error && typeof error.class === 'string' ? redactor.quote(error.class, MAX_CLASS_CHARS) : undefined;
    const wfMessage =
      error && typeof error.message === 'string'
        ? redactor.quote(error.message, MAX_QUOTED_CHARS) || undefined
        : undefined;
    const kind = classify(status, wfClass);
    const looksHtml = /html/i.test(answer.contentType) || /^\s*</.test(text);
    const said = wfMessage ? `: ${wfMessage}` : looksHtml ? ' (an HTML error page instead of an API answer)' : '';
    throw new WorkfrontError(kind, `${operation}: ${describe(kind, status)}${said}`, {
      operation,
      status,
      wfClass,
      wfMessage,
    });
  }
  if (parsed === undefined && !parseFailed) {
    throw new WorkfrontError('malformed', `${operation}: Workfront sent an empty answer.`, { operation, status });
  }
  if (parseFailed) {
    const html = /html/i.test(answer.contentType) || /^\s*</.test(text);
    throw new WorkfrontError(
      'malformed',
      `${operation}: Workfront's answer was ${html ? 'an HTML page, not API data. Check the instance address' : 'cut off or not valid JSON'}.`,
      { operation, status },
    );
  }
  if (!envelope || !('data' in envelope)) {
    throw new WorkfrontError('malformed', `${operation}: Workfront's answer had neither data nor an error.`, {
      operation,
      status,
    });
  }
  return envelope.data;
}
