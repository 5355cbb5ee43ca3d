/**
 * registry-deploy's deploy, health and rollback against a real registry: the deploy command
 * "deploys" by writing the digest it was given to a file, the app (a local HTTP server) answers
 * according to which release is deployed, and the running-digest command prints that file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildLayout, type BuiltImage } from '../harness/oci-image.ts';
import { deploy } from '../harness/registry-cli.ts';
import { runActionBundle, runCliBundle } from '../harness/run-bundle.ts';
import { haveRegistry, skopeoPush, skopeoRaw, startRegistry, type Registry } from '../harness/registry.ts';
import { sha256 } from '../../packages/registry-deploy/src/oci/store.ts';

let reg: Registry;
let work: string;
let good: BuiltImage;
let bad: BuiltImage;
let app: Server;
let appUrl: string;
let state: string;
const compose = `# production stack
services:
  web:
    image: "registry.example/app:0.1.3"   # pinned by registry-deploy
  db:
    image: postgres:15
`;

const digestOf = async (ref: string) => sha256(await skopeoRaw(ref));
const deployCommand = () => `printf %s "$PREFLIGHT_DIGEST" > ${state}`;

describe.skipIf(!haveRegistry)('registry-deploy deploys, checks health and rolls back', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'preflight-rd-roll-'));
    process.env.DOCKER_CONFIG = join(work, 'none');
    state = join(work, 'deployed');
    writeFileSync(state, '');
    reg = await startRegistry();
    good = buildLayout(join(work, 'good'), { tag: 'good', revision: 'good1' });
    bad = buildLayout(join(work, 'bad'), { tag: 'bad', revision: 'bad2' });
    await skopeoPush(join(work, 'good'), `${reg.host}/app:good`);
    await skopeoPush(join(work, 'bad'), `${reg.host}/app:bad`);
    // The first incident's app: /health is always 200; the endpoint that touches the database is not.
    app = createServer((req, res) => {
      const deployed = readFileSync(state, 'utf8');
      if (req.url === '/health') return res.writeHead(200).end('OK');
      const healthy = deployed === good.digest;
      res.writeHead(healthy ? 200 : 500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ db: healthy ? 'ok' : 'error' }));
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await reg?.stop();
    await new Promise((r) => app?.close(r));
  });

  const promote = (source: string, extra: string[] = [], file = join(work, 'docker-compose.registry.yml')) =>
    deploy([
      '--source', `${reg.host}/app:${source}`, '--target', `${reg.host}/app:production`, '--insecure',
      '--compose-file', file, '--service', 'web',
      '--deploy-command', deployCommand(),
      '--health-url', `${appUrl}/api/health/db`, '--health-expect', 'json:.db=ok', '--health-timeout', '2s',
      ...extra,
    ]);

  test('a healthy release: tag moved, compose pinned, deployed, running digest confirmed', async () => {
    const file = join(work, 'docker-compose.registry.yml');
    writeFileSync(file, compose);
    const r = await promote('good', ['--running-digest-command', `cat ${state}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(await digestOf(`${reg.host}/app:production`)).toBe(good.digest);
    expect(readFileSync(file, 'utf8')).toBe(compose.replace('"registry.example/app:0.1.3"', `"${reg.host}/app:production@${good.digest}"`));
    expect(readFileSync(state, 'utf8')).toBe(good.digest);
    expect(r.report.findings).toContainEqual(expect.objectContaining({ rule: 'file-pinned', file, line: 4 }));
  });

  test('an unhealthy release: exit 1, tag back at the previous digest, compose re-pinned, deploy re-run', async () => {
    const file = join(work, 'docker-compose.registry.yml');
    const r = await promote('bad');
    expect(r.code, r.stderr).toBe(1);
    expect(await digestOf(`${reg.host}/app:production`)).toBe(good.digest);
    expect(readFileSync(file, 'utf8')).toBe(compose.replace('"registry.example/app:0.1.3"', `"${reg.host}/app:production@${good.digest}"`));
    expect(readFileSync(state, 'utf8')).toBe(good.digest);
    const rules = r.report.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['health-check-failed', 'rolled-back']));
    // the pinned file is reported with what it says now: the previous digest
    expect(r.report.findings.filter((f: { rule: string }) => f.rule === 'file-pinned').map((f: { message: string }) => f.message)).toEqual([`services.web.image now is ${reg.host}/app:production@${good.digest}.`]);
    const health = r.report.findings.find((f: { rule: string }) => f.rule === 'health-check-failed');
    expect(health.message).toContain(`${appUrl}/api/health/db answered 500 (.db is "error", expected ok) (still after 2s)`);
    expect(r.report.stats).toMatchObject({ digest: good.digest, previousDigest: good.digest, rolledBack: true });
  });

  test('/health alone would have passed the bad release (why --health-expect and a database endpoint)', async () => {
    const r = await deploy([
      '--source', `${reg.host}/app:bad`, '--target', `${reg.host}/app:canary`, '--insecure',
      '--deploy-command', deployCommand(), '--health-url', `${appUrl}/health`, '--health-timeout', '2s',
    ]);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(state, good.digest);
  });

  test.each([['--no-rollback'], ['--no-rollback=true'], ['--rollback=false']])('%s: exit 1 and the tag stays at the unhealthy digest', async (flag) => {
    writeFileSync(state, good.digest);
    await deploy(['--target', `${reg.host}/app:production`, '--rollback-to', good.digest, '--insecure']);
    const r = await promote('bad', [flag]);
    expect(r.code).toBe(1);
    expect(await digestOf(`${reg.host}/app:production`)).toBe(bad.digest);
    expect(r.report.summary).toContain('not rolled back (--no-rollback)');
    expect(r.report.findings.map((f: { rule: string }) => f.rule)).not.toContain('rolled-back');
  });

  test('--rollback-to previous on its own: the tag goes back to what the last promotion replaced', async () => {
    const r = await deploy(['--target', `${reg.host}/app:production`, '--rollback-to', 'previous', '--insecure', '--deploy-command', deployCommand()]);
    expect(r.code, r.stderr).toBe(0);
    expect(await digestOf(`${reg.host}/app:production`)).toBe(good.digest);
    expect(readFileSync(state, 'utf8')).toBe(good.digest);
    const direct = await deploy(['--target', `${reg.host}/app:production`, '--rollback-to', bad.digest, '--insecure']);
    expect(direct.code).toBe(0);
    expect(await digestOf(`${reg.host}/app:production`)).toBe(bad.digest);
    const unknown = await deploy(['--target', `${reg.host}/app:production`, '--rollback-to', `sha256:${'e'.repeat(64)}`, '--insecure']);
    expect(unknown.code).toBe(2);
  });

  test('a restart that kept the old image is caught by --running-digest-command (config digest accepted too)', async () => {
    writeFileSync(state, bad.digest);
    const kept = await deploy([
      '--source', `${reg.host}/app:good`, '--target', `${reg.host}/app:staging`, '--insecure',
      '--deploy-command', 'true', '--running-digest-command', `cat ${state}`, '--no-rollback',
    ]);
    expect(kept.code).toBe(1);
    expect(kept.report.findings).toContainEqual(expect.objectContaining({ rule: 'running-digest-mismatch', message: expect.stringContaining(`The running image is ${bad.digest}, not the promoted ${good.digest}`) }));
    // docker inspect --format '{{.Image}}' prints the config digest: accepted
    const config = await deploy([
      '--source', `${reg.host}/app:good`, '--target', `${reg.host}/app:staging`, '--insecure',
      '--running-digest-command', `echo ${good.configDigests[0]}`,
    ]);
    expect(config.code, config.stderr).toBe(0);
    const repoDigest = await deploy([
      '--source', `${reg.host}/app:good`, '--target', `${reg.host}/app:staging`, '--insecure',
      '--running-digest-command', `echo ${reg.host}/app@${good.digest}`,
    ]);
    expect(repoDigest.code).toBe(0);
  });

  test('--no-rollback is the CLI spelling of rollback: false; a bad --health-expect is exit 2 before anything moves', async () => {
    const before = await digestOf(`${reg.host}/app:production`);
    const r = await deploy(['--source', `${reg.host}/app:good`, '--target', `${reg.host}/app:production`, '--insecure', '--health-url', appUrl, '--health-expect', 'jsn:.db=ok']);
    expect(r.code).toBe(2);
    expect(r.report.summary).toBe('--health-expect "jsn:.db=ok" starts with neither status:, body: nor json:; write status:200, body:TEXT or json:.path=value (e.g. json:.db=ok).');
    expect(await digestOf(`${reg.host}/app:production`)).toBe(before);
    const unknownService = await deploy(['--source', `${reg.host}/app:good`, '--target', `${reg.host}/app:production`, '--insecure', '--compose-file', join(work, 'docker-compose.registry.yml'), '--service', 'api']);
    expect(unknownService.code).toBe(2);
    expect(await digestOf(`${reg.host}/app:production`)).toBe(before);
  });

  test('the action: outputs digest, image and previous-digest; rollback: false is the input for --no-rollback', async () => {
    const ok = await runActionBundle('registry-deploy', { source: `${reg.host}/app:good`, target: `${reg.host}/app:action`, insecure: 'true' }, { env: { DOCKER_CONFIG: join(work, 'none') } });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.outputs).toMatchObject({ status: 'pass', digest: good.digest, image: `${reg.host}/app@${good.digest}`, 'previous-digest': '' });
    writeFileSync(state, good.digest);
    const unhealthy = await runActionBundle(
      'registry-deploy',
      { source: `${reg.host}/app:bad`, target: `${reg.host}/app:action`, insecure: 'true', 'deploy-command': deployCommand(), 'health-url': `${appUrl}/api/health/db`, 'health-expect': 'json:.db=ok', 'health-timeout': '1s', rollback: 'false' },
      { env: { DOCKER_CONFIG: join(work, 'none') } },
    );
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.outputs).toMatchObject({ status: 'fail', digest: bad.digest, 'previous-digest': good.digest });
    expect(await digestOf(`${reg.host}/app:action`)).toBe(bad.digest);
    writeFileSync(state, good.digest);
  });

  test('the CLI bundle: --help lists the options, --no-rollback included', async () => {
    const help = await runCliBundle(['registry-deploy', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--source', '--target', '--registry-password', '--insecure', '--compose-file', '--pin', '--health-expect', '--rollback', '--rollback-to', '--running-digest-command']) expect(help.stdout).toContain(flag);
    const bad = await runCliBundle(['registry-deploy', '--no-rollback=maybe', '--target', 'a:b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Option --no-rollback takes no value (or true/false), not "maybe"; write --no-rollback or --rollback=false.');
  });
});
