import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../../../test/harness/fake-github.ts';
import { commentTargetFromEnv, upsertComment, type CommentTarget } from './github/comment.ts';

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(() => gh.close());

function target(issue: number): CommentTarget {
  return { apiUrl: gh.url, repository: 'acme/app', issueNumber: issue, token: 'ghs_token' };
}

test('sticky comment: created once, then edited in place, one per check', async () => {
  // Someone else's comments come first, more than one page of them.
  for (let i = 0; i < 120; i++) gh.comments.push({ id: i + 1, issue: 7, body: `chatter ${i}` });
  expect(await upsertComment(target(7), 'schema-verify', 'first')).toBe('created');
  expect(await upsertComment(target(7), 'schema-verify', 'second')).toBe('updated');
  expect(await upsertComment(target(7), 'secrets-lint', 'other check')).toBe('created');
  const ours = gh.comments.filter((c) => c.issue === 7 && c.body.includes('<!-- preflight:'));
  expect(ours.map((c) => c.body)).toEqual(['<!-- preflight:schema-verify -->\nsecond', '<!-- preflight:secrets-lint -->\nother check']);
  expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  expect(gh.requests.every((r) => r.authorization === 'Bearer ghs_token')).toBe(true);
});

test('an API error is reported, not swallowed', async () => {
  await expect(upsertComment({ ...target(8), apiUrl: gh.url + '/nowhere' }, 'schema-verify', 'x')).rejects.toThrow(/HTTP 404/);
});

test('the pull-request number comes from the event payload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ev-'));
  writeFileSync(join(dir, 'pr.json'), JSON.stringify({ pull_request: { number: 42 } }));
  writeFileSync(join(dir, 'push.json'), JSON.stringify({ ref: 'refs/heads/main' }));
  const env = { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: 'http://127.0.0.1:1/' };
  expect(commentTargetFromEnv('t', { ...env, GITHUB_EVENT_PATH: join(dir, 'pr.json') })).toEqual({
    apiUrl: 'http://127.0.0.1:1',
    repository: 'acme/app',
    issueNumber: 42,
    token: 't',
  });
  expect(commentTargetFromEnv('t', { ...env, GITHUB_EVENT_PATH: join(dir, 'push.json') })).toBe('this run is not for a pull request');
  expect(commentTargetFromEnv(undefined, env)).toBe('no github-token was given');
});
