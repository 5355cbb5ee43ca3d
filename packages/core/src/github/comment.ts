/**
 * One sticky PR comment per check: found by a hidden marker, edited in place, never duplicated.
 * Plain fetch against GITHUB_API_URL keeps Octokit off the action's start-up path.
 */
import { readFileSync } from 'node:fs';
import { redact } from '../redact.ts';
import { commentMarker } from '../render/markdown.ts';

export interface CommentTarget {
  apiUrl: string;
  repository: string;
  issueNumber: number;
  token: string;
}

/** Where to comment, from the runner's environment; undefined outside a pull request. */
export function commentTargetFromEnv(token: string | undefined, env: NodeJS.ProcessEnv = process.env): CommentTarget | string {
  if (!token) return 'no github-token was given';
  const repository = env.GITHUB_REPOSITORY;
  if (!repository) return 'GITHUB_REPOSITORY is not set';
  let issueNumber: number | undefined;
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
      issueNumber = event.pull_request?.number ?? event.issue?.number ?? event.number;
    } catch {
      return 'the event payload could not be read';
    }
  }
  if (!issueNumber) return 'this run is not for a pull request';
  return { apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''), repository, issueNumber, token };
}

export async function upsertComment(target: CommentTarget, check: string, body: string): Promise<'created' | 'updated'> {
  const marker = commentMarker(check);
  // The body leaves the machine: masked here, whoever built it.
  const full = `${marker}\n${redact(body)}`;
  const headers = {
    authorization: `Bearer ${target.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'content-type': 'application/json',
    'user-agent': 'preflight',
  };
  const base = `${target.apiUrl}/repos/${target.repository}/issues`;
  let existing: number | undefined;
  for (let page = 1; existing === undefined; page++) {
    const res = await fetch(`${base}/${target.issueNumber}/comments?per_page=100&page=${page}`, { headers });
    if (!res.ok) throw new Error(`listing comments failed with HTTP ${res.status}`);
    const comments = (await res.json()) as Array<{ id: number; body?: string }>;
    existing = comments.find((c) => c.body?.includes(marker))?.id;
    if (comments.length < 100) break;
  }
  const res = existing
    ? await fetch(`${base}/comments/${existing}`, { method: 'PATCH', headers, body: JSON.stringify({ body: full }) })
    : await fetch(`${base}/${target.issueNumber}/comments`, { method: 'POST', headers, body: JSON.stringify({ body: full }) });
  if (!res.ok) throw new Error(`${existing ? 'updating' : 'creating'} the comment failed with HTTP ${res.status}`);
  return existing ? 'updated' : 'created';
}
