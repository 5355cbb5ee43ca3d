/**
 * The registry-deploy incident for `npm run demo`, on OCI layout directories (no registry
 * needed): release 0.1.3 is promoted and healthy; 0.1.4 crash-loops on a SECRET_KEY that is too
 * short, its database endpoint answers 500 while /health says 200, and it is rolled back to the
 * previous digest, the compose file re-pinned and the deploy re-run.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@preflight/pg';
import { buildLayout } from '../test/harness/oci-image.ts';
import type { DemoKit } from './demo-kit.ts';

/** The "server": runs whatever release the deploy wrote to `running`, judged by its SECRET_KEY length label. */
const appSource = `
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const [running, layout, port] = process.argv.slice(2);
const keyLength = () => {
  const digest = readFileSync(running, 'utf8').trim();
  if (!digest) return 0;
  const blob = (d) => JSON.parse(readFileSync(layout + '/blobs/sha256/' + d.slice(7), 'utf8'));
  return Number(blob(blob(digest).config.digest).config.Labels['demo.secret-key-length']);
};
createServer((req, res) => {
  if (req.url === '/health') return res.writeHead(200).end('OK');
  const ok = keyLength() >= 32;
  res.writeHead(ok ? 200 : 500, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(ok ? { db: 'ok' } : { db: 'error', error: 'SECRET_KEY must be at least 32 characters' }));
}).listen(Number(port), '127.0.0.1');
`;

export async function registryDeployIncident(h: DemoKit): Promise<void> {
  const builds = join(h.work, 'builds');
  const release = join(h.work, 'release');
  buildLayout(join(builds, '0.1.3'), { tag: '0.1.3', revision: '3f1c0de', labels: { 'demo.secret-key-length': '50' } });
  buildLayout(join(builds, '0.1.4'), { tag: '0.1.4', revision: '9ab0fee', labels: { 'demo.secret-key-length': '12' } });
  buildLayout(join(builds, '0.1.5'), { tag: '0.1.5', revision: 'c0ffee1', labels: { 'demo.secret-key-length': '64' } });
  const compose = join(h.work, 'docker-compose.registry.yml');
  writeFileSync(compose, '# the stack on the server\nservices:\n  web:\n    image: "acme/app:0.1.3"   # was edited with sed\n  db:\n    image: postgres:15\n');
  const running = join(h.work, 'running');
  writeFileSync(running, '');
  const port = await freePort();
  writeFileSync(join(h.work, 'app.mjs'), appSource);
  const app = spawn(process.execPath, [join(h.work, 'app.mjs'), running, release, String(port)], { stdio: 'ignore' });
  try {
    await waitForPort(port);
    const args = (version: string) => [
      'registry-deploy',
      '--source', `oci:${join(builds, version)}`,
      '--target', `oci:${release}:production`,
      '--compose-file', compose, '--service', 'web',
      '--deploy-command', `printf %s "$PREFLIGHT_DIGEST" > ${running}`,
      '--health-url', `http://127.0.0.1:${port}/api/health/db`, '--health-expect', 'json:.db=ok', '--health-timeout', '3s',
    ];
    console.log(h.bold('Release 0.1.3: promoted by digest, compose pinned, deployed, healthy:'));
    h.expectExit(await h.preflight(args('0.1.3')), 0, 'registry-deploy of 0.1.3');
    console.log(h.bold('Release 0.1.4 (SECRET_KEY too short; /health still says 200): unhealthy, rolled back:'));
    h.expectExit(await h.preflight(args('0.1.4')), 1, 'registry-deploy of 0.1.4');
    console.log(`\n${h.bold('docker-compose.registry.yml after the rollback:')}\n${readFileSync(compose, 'utf8')}`);
    console.log(h.bold('The fix, release 0.1.5 (a 64-character SECRET_KEY): promoted, pinned, healthy:'));
    h.expectExit(await h.preflight(args('0.1.5')), 0, 'registry-deploy of 0.1.5');
  } finally {
    app.kill('SIGKILL');
  }
}

async function waitForPort(port: number): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('demo: the app did not start');
}
