// For the simulator's own tests (test/unit/simulator*.test.ts): raw HTTP with Node's fetch and typed
// views of the replies. Kept beside the simulator because only its tests use it.
import * as assert from 'node:assert/strict';
import type { Simulator, SimUser } from './index';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObj = { [key: string]: Json };

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: JsonObj | undefined;
}

export interface CallOptions {
  method?: string;
  /** The key for the `apiKey` header; null sends none. Defaults to the main admin's key. */
  key?: string | null;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  redirect?: 'follow' | 'manual' | 'error';
  signal?: AbortSignal;
}

/** `path` is relative to /attask/api/v19.0 unless it starts with /attask or http. */
export function apiUrl(sim: Simulator, path: string): string {
  if (path.startsWith('http')) return path;
  return path.startsWith('/attask') ? `${sim.url}${path}` : `${sim.url}/attask/api/v19.0${path}`;
}

export async function call(sim: Simulator, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? sim.apiKey : options.key;
  if (key !== null) headers.apiKey = key;
  const res = await fetch(apiUrl(sim, path), {
    method: options.method ?? 'GET',
    headers,
    body: options.body,
    redirect: options.redirect ?? 'manual',
    signal: options.signal,
  });
  const text = await res.text();
  let json: JsonObj | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    json = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObj) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** `data` of a success reply (fails the test on an error envelope). */
export function data(reply: Reply): Json {
  assert.ok(
    reply.json && 'data' in reply.json,
    `expected a data envelope, got ${reply.status} ${reply.text.slice(0, 300)}`,
  );
  return reply.json.data;
}

export function obj(reply: Reply): JsonObj {
  const d = data(reply);
  assert.ok(d !== null && typeof d === 'object' && !Array.isArray(d), `expected an object, got ${JSON.stringify(d)}`);
  return d;
}

export function rows(reply: Reply): JsonObj[] {
  const d = data(reply);
  assert.ok(Array.isArray(d), `expected an array, got ${JSON.stringify(d).slice(0, 200)}`);
  return d as JsonObj[];
}

export function ids(reply: Reply): string[] {
  return rows(reply).map((r) => String(r.ID));
}

export function count(reply: Reply): number {
  return Number(obj(reply).count);
}

/** Checks status and Workfront error envelope; returns the message. */
export function expectError(reply: Reply, status: number, errorClass: string, messagePart?: string | RegExp): string {
  assert.equal(reply.status, status, `status of ${reply.text.slice(0, 300)}`);
  const error = reply.json?.error;
  assert.ok(
    error !== null && typeof error === 'object' && !Array.isArray(error),
    `expected an error envelope, got ${reply.text}`,
  );
  assert.equal(error.class, errorClass);
  const message = String(error.message);
  if (typeof messagePart === 'string')
    assert.ok(message.includes(messagePart), `message "${message}" should include "${messagePart}"`);
  else if (messagePart) assert.match(message, messagePart);
  return message;
}

/** Query string from pairs (repeated names allowed); URLSearchParams encodes `$$` as %24%24. */
export function qs(pairs: readonly (readonly [string, string])[]): string {
  return new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString();
}

/** Code-unit order, as the simulator (and `<`) compares strings. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A user other than the main admin matching `pred`, not in `taken` (which it joins). */
export function pickUser(sim: Simulator, taken: Set<string>, pred: (u: SimUser) => boolean = () => true): SimUser {
  const user = sim.store.all().find((u) => u.ID !== sim.admin.ID && !taken.has(u.ID) && pred(u));
  assert.ok(user, 'no such user in the organisation');
  taken.add(user.ID);
  return user;
}

/** Workfront's date form: colon before the milliseconds, no colon in the offset. */
export const WORKFRONT_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}:\d{3}[+-]\d{4}$/;
