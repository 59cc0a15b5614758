// Finds secrets (a password, an API key, tokens) in text and replaces them with ***, in whatever form a
// server echoes them back: changed in case, URL-encoded (%XX in either case, + for space, twice),
// JSON-escaped (\uXXXX, \/), as HTML entities, or split over lines and whitespace runs.
//
// How: the text and each secret are read in a canonical form (lower case, separators dropped), first as
// they are and then with one, two and three layers of escapes decoded. Each canonical character remembers
// the span of the original text it came from, so a match anywhere maps back to the exact original text
// to replace. The usual case (no secret, no escape) costs a few native passes and no allocation per
// character, so it can run on every log line.

import { cut, flatten } from './text';

/** What a secret is replaced with. */
export const REDACTED = '***';
/** Shorter secrets are not looked for: "abc" would turn ordinary words into ***. */
export const MIN_SECRET_LENGTH = 4;

/** Layers of escapes decoded: URL-encoded twice, or JSON-escaped inside URL encoding, and one more. */
const DECODE_PASSES = 3;

/** Characters that can split a secret without changing it to a reader: dropped from every canonical form. */
function isSeparator(c: number): boolean {
  return (
    c <= 0x20 || // space, line breaks, tabs, other C0 controls
    c === 0x2b || // + (a space in form encoding)
    (c >= 0x7f && c <= 0xa0) || // DEL, C1 controls, no-break space
    c === 0xad || // soft hyphen
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200f) || // spaces, zero-width characters, direction marks
    (c >= 0x2028 && c <= 0x202f) || // line and paragraph separators, bidi embeddings
    (c >= 0x205f && c <= 0x206f) || // word joiner, bidi isolates
    c === 0x3000 ||
    c === 0xfeff
  );
}
// eslint-disable-next-line no-control-regex -- the same set as isSeparator, for the fast path
const SEPARATORS = /[\u0000-\u0020+\u007f-\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;
const HAS_ESCAPE = /[%\\&]/;
// eslint-disable-next-line no-control-regex -- ASCII test
const ASCII = /^[\u0000-\u007f]*$/;

/** Lower case, one UTF-16 unit at a time (so positions never shift). */
function fold(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c < 0x80) return c;
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

/** A canonical reading of a text: `s`, and for each of its units the span [start, end) of the original. */
interface Reading {
  readonly s: string;
  /** null: the identity (s[i] came from text[i]). */
  readonly start: Int32Array | null;
  readonly end: Int32Array | null;
}

function fromUnits(units: Uint16Array, n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...units.subarray(i, Math.min(n, i + 8192)));
  return s;
}

/** The canonical form of a secret (the same rules as `reading`, without escapes). */
function canonical(secret: string): string {
  const units = new Uint16Array(secret.length);
  let n = 0;
  for (let i = 0; i < secret.length; i++) {
    const c = secret.charCodeAt(i);
    if (!isSeparator(c)) units[n++] = fold(c);
  }
  return fromUnits(units, n);
}

/** The text as it is: folded, separators dropped. */
function plainReading(text: string): Reading {
  const n = text.length;
  const units = new Uint16Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isSeparator(c)) continue;
    units[k] = fold(c);
    start[k] = i;
    end[k] = i + 1;
    k++;
  }
  return { s: fromUnits(units, k), start, end };
}

const hexValue = (c: number) =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

/** The byte of "%XX" at `i`, or -1. */
function percentByte(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x25) return -1;
  const hi = hexValue(s.charCodeAt(i + 1));
  const lo = hexValue(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/iy;
const NAMED: Record<string, number> = { amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27, nbsp: 0xa0 };

/**
 * One escape decoded at `i` of `s`: the code point (or -2 for a separator escape such as \n) and how many
 * units it took; undefined when there is none.
 */
function escapeAt(s: string, i: number): { cp: number; len: number } | undefined {
  const c = s.charCodeAt(i);
  if (c === 0x25) {
    const b = percentByte(s, i);
    if (b < 0) return undefined;
    if (b < 0x80) return { cp: b, len: 3 };
    // A UTF-8 sequence spelt as %XX%XX…
    const count = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    if (count === 0) return undefined;
    let cp = b & (count === 2 ? 0x1f : count === 3 ? 0x0f : 0x07);
    for (let k = 1; k < count; k++) {
      const next = percentByte(s, i + 3 * k);
      if (next < 0x80 || next > 0xbf) return undefined;
      cp = (cp << 6) | (next & 0x3f);
    }
    return cp > 0x10ffff ? undefined : { cp, len: 3 * count };
  }
  if (c === 0x5c) {
    const e = s.charCodeAt(i + 1);
    if (e === 0x75 /* u */) {
      let cp = 0;
      for (let k = 2; k < 6; k++) {
        const h = hexValue(s.charCodeAt(i + k));
        if (h < 0) return undefined;
        cp = cp * 16 + h;
      }
      return { cp, len: 6 };
    }
    if (e === 0x78 /* x */) {
      const hi = hexValue(s.charCodeAt(i + 2));
      const lo = hexValue(s.charCodeAt(i + 3));
      return hi < 0 || lo < 0 ? undefined : { cp: hi * 16 + lo, len: 4 };
    }
    // \n \r \t \b \f split a secret over lines in JSON-escaped text.
    if (e === 0x6e || e === 0x72 || e === 0x74 || e === 0x62 || e === 0x66) return { cp: -2, len: 2 };
    if (e === 0x2f || e === 0x5c || e === 0x22 || e === 0x27) return { cp: e, len: 2 };
    return undefined;
  }
  if (c === 0x26) {
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(s);
    if (!m) return undefined;
    const cp = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? parseInt(m[2], 16) : NAMED[m[3].toLowerCase()];
    return cp > 0x10ffff ? undefined : { cp, len: m[0].length };
  }
  return undefined;
}

/** `prev` with one layer of escapes decoded, or undefined when it has none. */
function decodedReading(prev: Reading): Reading | undefined {
  const { s } = prev;
  const n = s.length;
  const units = new Uint16Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const from = (j: number) => (prev.start ? prev.start[j] : j);
  const to = (j: number) => (prev.end ? prev.end[j] : j + 1);
  let k = 0;
  let decoded = false;
  for (let j = 0; j < n;) {
    const esc = escapeAt(s, j);
    if (!esc) {
      units[k] = s.charCodeAt(j);
      start[k] = from(j);
      end[k] = to(j);
      k++;
      j++;
      continue;
    }
    decoded = true;
    const a = from(j);
    const b = to(j + esc.len - 1);
    j += esc.len;
    if (esc.cp === -2) continue;
    const text = String.fromCodePoint(esc.cp);
    for (let u = 0; u < text.length; u++) {
      const c = text.charCodeAt(u);
      if (isSeparator(c)) continue;
      units[k] = fold(c);
      start[k] = a;
      end[k] = b;
      k++;
    }
  }
  return decoded ? { s: fromUnits(units, k), start, end } : undefined;
}

/** A set of secrets to redact; build it once and use it for many texts. */
export class Redactor {
  private needles: string[] = [];

  constructor(secrets: Iterable<string | undefined | null> = []) {
    this.add(...secrets);
  }

  /** Adds secrets (e.g. a token obtained later). Empty and too-short ones are ignored. */
  add(...secrets: Array<string | undefined | null>): this {
    const all = new Set(this.needles);
    for (const secret of secrets) {
      if (typeof secret !== 'string') continue;
      // Upper-casing can change a secret's letters, not only their case (ß → SS): look for both.
      for (const variant of [secret, secret.toUpperCase(), secret.toLowerCase()]) {
        const needle = canonical(variant);
        if (needle.length >= MIN_SECRET_LENGTH) all.add(needle);
      }
    }
    // Longest first, for `longest`; a secret containing another is replaced whole because spans merge.
    this.needles = [...all].sort((a, b) => b.length - a.length);
    return this;
  }

  /** Whether there is anything to look for. */
  get empty(): boolean {
    return this.needles.length === 0;
  }

  /** The longest canonical secret (bounds how far an echoed secret can spread). */
  get longest(): number {
    return this.needles.length ? this.needles[0].length : 0;
  }

  /** `text` with every form of every secret replaced by ***. */
  redact(text: string): string {
    if (this.empty || text.length < MIN_SECRET_LENGTH) return text;
    return replaceSpans(text, this.spans(text));
  }

  /**
   * `text` (from an answer) as a quote for a message or a log line: redacted, on one line, at most `max`
   * characters plus the *** of a secret cut by the bound, ending in "…" when cut. A secret that starts
   * within the bound is replaced whole, so no part of it shows (only the start of the text is read).
   */
  quote(text: string, max: number): string {
    // On one line, with long separator runs collapsed, an echoed secret spans at most ~96 characters per
    // character of it (three layers of escapes and a few separators): read that far past the bound.
    const margin = this.empty ? 0 : 96 * this.longest + 64;
    const { flat, whole } = flatten(text, max + margin + 1);
    const window = flat.length > max + margin ? flat.slice(0, max + margin) : flat;
    let out = '';
    let at = 0;
    for (const [a, b] of this.empty ? [] : this.spans(window)) {
      if (a >= max) break;
      out += window.slice(at, a) + REDACTED;
      at = b;
    }
    if (at < max) out += cut(window.slice(at), max - at);
    const more = !whole || window.length > Math.max(at, max);
    return more ? `${cut(out, max - 1).trimEnd()}…` : out;
  }

  /** The spans [start, end) of `text` that hold a secret, sorted and merged. */
  spans(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    let reading: Reading | undefined;
    // Fast path: ASCII text read as is needs no position map to know whether anything matches.
    if (ASCII.test(text)) {
      const quick = text.toLowerCase().replace(SEPARATORS, '');
      if (!this.needles.some((n) => quick.includes(n)) && !HAS_ESCAPE.test(text)) return found;
      if (quick.length === text.length) reading = { s: quick, start: null, end: null };
    }
    reading ??= plainReading(text);
    for (let pass = 0; reading; pass++) {
      this.collect(reading, found);
      if (pass === DECODE_PASSES || !HAS_ESCAPE.test(reading.s)) break;
      reading = decodedReading(reading);
    }
    return merge(found);
  }

  private collect(r: Reading, found: Array<[number, number]>): void {
    for (const needle of this.needles) {
      for (let i = r.s.indexOf(needle); i >= 0; i = r.s.indexOf(needle, i + needle.length)) {
        const last = i + needle.length - 1;
        found.push([r.start ? r.start[i] : i, r.end ? r.end[last] : last + 1]);
      }
    }
  }
}

function merge(spans: Array<[number, number]>): Array<[number, number]> {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [spans[0]];
  for (let i = 1; i < spans.length; i++) {
    const last = out[out.length - 1];
    if (spans[i][0] <= last[1]) last[1] = Math.max(last[1], spans[i][1]);
    else out.push(spans[i]);
  }
  return out;
}

function replaceSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [a, b] of spans) {
    out += text.slice(at, a) + REDACTED;
    at = b;
  }
  return out + text.slice(at);
}

/** `text` with every form of every secret in `secrets` replaced by ***. */
export function redactSecrets(text: string, secrets: Iterable<string | undefined | null>): string {
  return new Redactor(secrets).redact(text);
}
