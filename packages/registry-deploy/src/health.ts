/**
 * Health after a deploy: every --health-url must answer 2xx (and every --health-expect) and
 * --health-command must exit 0, each retried until --health-timeout runs out. The answer that
 * proved nothing in the first incident (`/health` 200 while every database endpoint was 500) is
 * why --health-expect exists: point it at an endpoint that queries the database.
 */
import http from 'node:http';
import https from 'node:https';
import type { Logger } from '@preflight/core';
import { runCommand } from '@preflight/pg';
import { unmetExpectation, type HealthExpect } from './health-expect.ts';

export interface HealthPlan {
  urls: string[];
  expects: HealthExpect[];
  command?: string;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

export interface HealthResult {
  ok: boolean;
  /** One per failing check: "https://app/health answered 500 (...)". */
  failures: string[];
  attempts: number;
}

const retryEveryMs = 1000;

export async function checkHealth(plan: HealthPlan, log: Logger): Promise<HealthResult> {
  const deadline = Date.now() + plan.timeoutMs;
  let attempts = 0;
  const failures: string[] = [];
  for (const url of plan.urls) {
    let last = '';
    for (;;) {
      attempts++;
      last = await probeUrl(url, plan.expects, Math.max(1000, Math.min(10_000, deadline - Date.now())));
      if (last === '' || Date.now() + retryEveryMs > deadline) break;
      await sleep(retryEveryMs);
    }
    if (last) failures.push(`${url} ${last} (still after ${Math.round(plan.timeoutMs / 1000)}s)`);
    else log.info(`${url} is healthy.`);
  }
  if (plan.command) {
    let last = '';
    for (;;) {
      attempts++;
      const remaining = Math.max(1000, deadline - Date.now());
      const result = await runCommand(plan.command, plan.env, { timeoutMs: remaining, onLine: (line) => log.info(`  ${line}`) });
      last = result.code === 0 ? '' : result.timedOut ? 'ran out of --health-timeout' : `exited with code ${result.code ?? result.signal}`;
      if (last === '' || Date.now() + retryEveryMs > deadline) break;
      await sleep(retryEveryMs);
    }
    if (last) failures.push(`the health command ${last}`);
    else log.info('The health command exited 0.');
  }
  return { ok: failures.length === 0, failures, attempts };
}

/** '' when healthy, else why not: "answered 500", "json .db is \"error\", expected ok", "connection refused". */
export function probeUrl(url: string, expects: HealthExpect[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve('is not a URL');
      return;
    }
    const lib = target.protocol === 'http:' ? http : https;
    const req = lib.get(target, { timeout: timeoutMs, headers: { 'User-Agent': 'preflight-registry-deploy', Accept: 'application/json, */*' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 1024 * 1024) chunks.push(c);
      });
      res.on('error', () => resolve('closed the connection mid-answer'));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString('utf8');
        const exact = expects.find((e) => e.kind === 'status');
        const unmet = expects.map((e) => unmetExpectation(e, status, body)).filter((w): w is string => Boolean(w));
        if (!exact && (status < 200 || status > 299)) return resolve(`answered ${status}${unmet.length ? ` (${unmet.join(', ')})` : ''}`);
        resolve(unmet.length ? `answered ${status}, but ${unmet.join(', ')}` : '');
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.message === 'timeout' ? `did not answer within ${Math.round(timeoutMs / 1000)}s` : error.code === 'ECONNREFUSED' ? 'refused the connection' : `could not be reached (${error.code ?? 'error'})`),
    );
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
