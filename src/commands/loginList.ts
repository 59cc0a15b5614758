// Reads a list of people to offboard: one email or username per line, or a CSV from HR whose header row
// names the column (Email, E-mail Address, Username, Login…). No `vscode` import: unit-tested as is.

export interface ListedLogin {
  /** The value as written (trimmed, quotes removed). */
  readonly value: string;
  /** 1-based line of the file, for the result. */
  readonly line: number;
}

export type LoginListResult =
  | { readonly ok: true; readonly logins: ListedLogin[]; readonly column?: string; readonly duplicates: number }
  | { readonly ok: false; readonly problem: 'empty' | 'noColumn' | 'tooMany'; readonly headers?: string[] };

/** More lines than any offboarding list; a bigger file is most likely the wrong file. */
export const MAX_LIST_LINES = 20_000;

const HEADER_WORD = /^(?:e-?mail(?:\s*address)?|email\s*addr|username|user\s*name|login|user\s*id|user)$/i;
/** Column names, best first: an email column wins over a username column. */
const COLUMN_PREFERENCE = [/e-?mail/i, /user\s*name|login/i, /^user(?:\s*id)?$/i];

export function parseLoginList(text: string): LoginListResult {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const used = lines
    .map((l, i) => ({ text: l.trim(), line: i + 1 }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
  if (used.length === 0) return { ok: false, problem: 'empty' };
  if (used.length > MAX_LIST_LINES) return { ok: false, problem: 'tooMany' };
  const separator = csvSeparator(used[0].text);
  let values: ListedLogin[];
  let column: string | undefined;
  if (separator) {
    const headers = splitCsvLine(used[0].text, separator);
    const index = pickColumn(headers);
    if (index < 0) return { ok: false, problem: 'noColumn', headers };
    column = headers[index];
    values = used.slice(1).map((l) => ({ value: splitCsvLine(l.text, separator)[index] ?? '', line: l.line }));
  } else {
    // One value per line; a lone header word ("Email") on the first line is not a person.
    const body = HEADER_WORD.test(unquote(used[0].text)) ? used.slice(1) : used;
    values = body.map((l) => ({ value: unquote(l.text), line: l.line }));
  }
  const seen = new Set<string>();
  const logins: ListedLogin[] = [];
  let duplicates = 0;
  for (const v of values) {
    const key = v.value.toLowerCase();
    if (key === '') continue;
    if (seen.has(key)) duplicates++;
    else {
      seen.add(key);
      logins.push(v);
    }
  }
  if (logins.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, logins, column, duplicates };
}

/** The separator of a CSV header line, or undefined for a plain list (an email has none of these). */
function csvSeparator(first: string): string | undefined {
  for (const sep of ['\t', ';', ',']) if (splitCsvLine(first, sep).length > 1) return sep;
  return undefined;
}

function pickColumn(headers: readonly string[]): number {
  for (const pattern of COLUMN_PREFERENCE) {
    const i = headers.findIndex((h) => pattern.test(h.trim()));
    if (i >= 0) return i;
  }
  return -1;
}

/** One line of CSV: fields split on the separator, "quoted" fields with "" for a quote. */
export function splitCsvLine(line: string, separator: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === separator) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"').trim() : t;
}
