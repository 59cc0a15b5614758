// Text taken from an answer and put into an error, a notification or a log line: short and on one line,
// whatever the server sent (a 20 MB message, line breaks that would forge log lines, bidi controls).

/** Line breaks, other control characters, zero-width and bidi controls: shown as one space. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+/g;

/** Runs of escaped line breaks and spaces (\n, %0A, &#10;, +…), which could spread a secret past a bound. */
const ESCAPED_BREAKS = /(?:[ +]|\\[nrtbf]|%(?:0[9ad]|20)|&#(?:0{0,3}(?:9|10|13|32)|x0{0,2}(?:9|a|d|20));){4,}/gi;

/**
 * The start of `text` on one line, at least `need` characters of it when there are: unprintable runs
 * become one space, long runs of escaped breaks too. Only as much of `text` is read as that takes, so a
 * 20 MB answer costs no more than a short one. `whole`: nothing of `text` was left out.
 */
export function flatten(text: string, need: number): { flat: string; whole: boolean } {
  for (let h = Math.min(text.length, 2 * need + 64); ; h = Math.min(text.length, h * 4)) {
    const flat = text.slice(0, h).replace(UNPRINTABLE, ' ').replace(ESCAPED_BREAKS, ' ').trimStart();
    if (h >= text.length) return { flat: flat.trimEnd(), whole: true };
    if (flat.length >= need) return { flat, whole: false };
  }
}

/** `text` on one line and at most `max` characters, ending in "…" when it was cut. */
export function oneLine(text: string, max: number): string {
  const { flat, whole } = flatten(text, max + 1);
  return whole && flat.length <= max ? flat : `${cut(flat, max - 1).trimEnd()}…`;
}

/** The first `n` UTF-16 units, never half of a surrogate pair. */
export function cut(text: string, n: number): string {
  if (text.length <= n) return text;
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/**
 * A value from an answer, for a "wrong shape" message: a short string in full (JSON-quoted), a long one
 * only by its length (a cut one could show part of a secret that redaction no longer recognises),
 * anything else by its kind.
 */
export function preview(value: unknown, max = 40): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return value.length <= max ? oneLine(JSON.stringify(value), max * 6 + 2) : `a text of ${value.length} characters`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : typeof value;
}
