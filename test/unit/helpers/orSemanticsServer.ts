// A deliberately tiny Workfront stand-in for one question the simulator cannot answer: how the client's
// searches behave under Workfront's documented text-mode filter semantics, where the unprefixed
// statements form one alternative and each `OR:<n>:` group another: (G0) OR (G1) OR (G2) …
// Serves user/count and user/search for a fixed list; stops any loop after `maxRequests` with a 500.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  ID: string;
  name: string;
  emailAddr: string;
  title: string;
  isActive: boolean;
}

interface Term {
  field: string;
  value?: string;
  mod?: string;
  range?: string;
}

function groupsOf(params: URLSearchParams): Map<number, Map<string, Term>> {
  const groups = new Map<number, Map<string, Term>>();
  for (const [rawName, value] of params) {
    if (rawName.startsWith('$$') || rawName === 'fields' || rawName.endsWith('_Sort')) continue;
    const m = /^OR:(\d+):(.+)$/.exec(rawName);
    const group = m ? Number(m[1]) : 0;
    let name = m ? m[2] : rawName;
    let kind: 'value' | 'mod' | 'range' = 'value';
    if (name.endsWith('_Mod')) [name, kind] = [name.slice(0, -4), 'mod'];
    else if (name.endsWith('_Range')) [name, kind] = [name.slice(0, -6), 'range'];
    const terms = groups.get(group) ?? new Map<string, Term>();
    groups.set(group, terms);
    const t = terms.get(name) ?? { field: name };
    terms.set(name, t);
    t[kind] = value;
  }
  return groups;
}

function test(u: FakeUser, t: Term): boolean {
  const v = String((u as unknown as Record<string, unknown>)[t.field] ?? '');
  const x = t.value ?? '';
  switch (t.mod ?? 'eq') {
    case 'eq':
      return v === x;
    case 'cicontains':
      return v.toLowerCase().includes(x.toLowerCase());
    case 'gt':
      return v > x;
    case 'between':
      return v >= x && v <= (t.range ?? '');
    case 'notnull':
      return v !== '';
    default:
      throw new Error(`modifier ${t.mod} not supported by the fake`);
  }
}

export function orSemanticsFilter(users: readonly FakeUser[], params: URLSearchParams): FakeUser[] {
  const groups = [...groupsOf(params).values()].filter((g) => g.size > 0);
  if (groups.length === 0) return [...users];
  return users.filter((u) => groups.some((g) => [...g.values()].every((t) => test(u, t))));
}

export async function startOrSemanticsServer(
  users: readonly FakeUser[],
  maxRequests = 40,
): Promise<{ url: string; searches: URLSearchParams[]; close(): Promise<void> }> {
  const searches: URLSearchParams[] = [];
  const sorted = [...users].sort((a, b) => (a.ID < b.ID ? -1 : 1));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.endsWith('/user/count'))
      return send(200, { data: { count: orSemanticsFilter(sorted, url.searchParams).length } });
    if (!url.pathname.endsWith('/user/search'))
      return send(404, { error: { class: 'NotFound', message: 'not served' } });
    searches.push(url.searchParams);
    if (searches.length > maxRequests)
      return send(500, {
        error: {
          class: 'com.attask.common.InternalException',
          message: `stopped after ${maxRequests} searches: the client is looping`,
        },
      });
    const first = Number(url.searchParams.get('$$FIRST') ?? 0);
    const limit = Number(url.searchParams.get('$$LIMIT') ?? 100);
    const rows = orSemanticsFilter(sorted, url.searchParams).slice(first, first + limit);
    send(200, {
      data: rows.map((u) => ({
        ...u,
        objCode: 'USER',
        licenseType: 'Light',
        lastLoginDate: null,
        actualDeactivationDate: null,
        scheduleDeactivationDate: null,
      })),
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    searches,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
