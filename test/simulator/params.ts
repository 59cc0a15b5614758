// Request parameters as Workfront merges them: query string, then a form body, then a JSON body. A JSON
// body is either the raw `updates` (what Workfront's JS client sends) or an object of parameters.

import { invalidParameter, type SimError } from './errors';

/** Multi-valued, order-preserving parameters; names are already URL-decoded. */
export class Params {
  private readonly values = new Map<string, string[]>();

  add(name: string, value: string): void {
    const list = this.values.get(name);
    if (list) list.push(value);
    else this.values.set(name, [value]);
  }

  /** The first value (query wins over body). */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  getAll(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  /** For the request log: repeated values joined with ','. */
  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, list] of this.values) out[name] = list.join(',');
    return out;
  }
}

/** Names that mark a JSON body as an object of parameters rather than raw updates. */
const PARAM_OBJECT_KEYS = ['updates', 'method', 'action', 'password', 'apiKey', 'sessionID', 'fields', 'filters', 'id'];

export interface ParsedParams {
  readonly query: Record<string, string[]>;
  readonly params: Params;
  /** A body that could not be read; the query parameters are still there for the log. */
  readonly error?: SimError;
}

export function parseParams(rawQuery: string, contentType: string | undefined, body: string): ParsedParams {
  const params = new Params();
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    (query[name] ??= []).push(value);
    params.add(name, value);
  }
  const type = (contentType ?? '').toLowerCase();
  const trimmed = body.trim();
  if (trimmed === '') return { query, params };
  if (type.includes('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body)) params.add(name, value);
  } else if (type.includes('json') || (!type.includes('multipart') && /^[[{]/.test(trimmed))) {
    const error = addJsonBody(params, trimmed);
    if (error) return { query, params, error };
  }
  return { query, params };
}

function addJsonBody(params: Params, text: string): SimError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalidParameter('The request body is not valid JSON');
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (isObject && PARAM_OBJECT_KEYS.some((key) => key in (parsed as object))) {
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (value === undefined) continue;
      params.add(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
  } else {
    params.add('updates', text);
  }
  return undefined;
}
