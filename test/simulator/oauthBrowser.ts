// What a browser does on the simulator's authorize page, for tests that stand in for it: loads the page,
// submits its form with Approve, and returns the query of the redirect it answers with (code and state).
import * as assert from 'assert';

export async function approveInBrowser(page: URL): Promise<URLSearchParams> {
  const res = await fetch(page);
  assert.strictEqual(res.status, 200, `the authorize page answered ${res.status}`);
  const html = await res.text();
  assert.match(html, /<button type="submit" name="approve" value="1">Approve<\/button>/);
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.set(
      name,
      value.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))),
    );
  form.set('approve', '1');
  // The form posts relative to the page (which may be reached through a forwarding prefix).
  const answer = await fetch(new URL('authorize', page), { method: 'POST', body: form, redirect: 'manual' });
  assert.strictEqual(answer.status, 302);
  return new URL(answer.headers.get('location') ?? '').searchParams;
}
