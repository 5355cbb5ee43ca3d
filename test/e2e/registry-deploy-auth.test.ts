/**
 * registry-deploy's credentials against real registries: htpasswd basic auth, Docker's
 * config.json (`auths`, credential helpers), wrong credentials. Passwords never come out.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { leaksIn } from '../harness/canary.ts';
import { buildLayout, type BuiltImage } from '../harness/oci-image.ts';
import { haveRegistry, skopeoPush, skopeoRaw, startRegistry, type Registry } from '../harness/registry.ts';
import { sha256 } from '../../packages/registry-deploy/src/oci/store.ts';
import { deploy } from '../harness/registry-cli.ts';
import { startTokenService, type TokenService } from '../harness/token-service.ts';

const user = 'ci-robot';
const password = 'CANARY-registry-pw-77';
const creds = { username: user, password };
let reg: Registry;
let work: string;
let image: BuiltImage;
const dockerConfig = (config: object) => {
  const dir = mkdtempSync(join(work, 'docker-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  process.env.DOCKER_CONFIG = dir;
  return dir;
};

describe.skipIf(!haveRegistry)('registry-deploy credentials', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'preflight-rd-auth-'));
    process.env.DOCKER_CONFIG = join(work, 'none');
    reg = await startRegistry({ basic: creds });
    image = buildLayout(join(work, 'img'), { tag: 'build-1', revision: 'aaaa1111' });
    await skopeoPush(join(work, 'img'), `${reg.host}/team/app:build-1`, creds);
  });
  afterAll(async () => {
    await reg?.stop();
  });

  test('basic auth with --registry-username/--registry-password: promoted, password never printed', async () => {
    const r = await deploy(['--source', `${reg.host}/team/app:build-1`, '--target', `${reg.host}/team/app:prod`, '--insecure', '--registry-username', user, '--registry-password', password]);
    expect(r.code, r.stderr).toBe(0);
    expect(sha256(await skopeoRaw(`${reg.host}/team/app:prod`, creds))).toBe(image.digest);
    expect(leaksIn([{ where: 'stdout', text: r.stdout }, { where: 'stderr', text: r.stderr }], [password])).toEqual([]);
  });

  test('wrong password: exit 3 naming the registry, target untouched, password never printed', async () => {
    const wrong = 'CANARY-wrong-pw-88';
    const r = await deploy(['--source', `${reg.host}/team/app:build-1`, '--target', `${reg.host}/team/app:wrong`, '--insecure', '--registry-username', user, '--registry-password', wrong]);
    expect(r.code).toBe(3);
    expect(r.report.summary).toBe(
      `registry ${reg.host} refused the credentials (HTTP 401); check --registry-username/--registry-password (or the config.json entry) and that they may push to the target.`,
    );
    await expect(skopeoRaw(`${reg.host}/team/app:wrong`, creds)).rejects.toThrow(/manifest unknown/);
    expect(leaksIn([{ where: 'stdout', text: r.stdout }, { where: 'stderr', text: r.stderr }], [wrong])).toEqual([]);
  });

  test('no credentials at all: exit 3 saying how to give them', async () => {
    const r = await deploy(['--source', `${reg.host}/team/app:build-1`, '--target', `${reg.host}/team/app:prod`, '--insecure']);
    expect(r.code).toBe(3);
    expect(r.report.summary).toMatch(new RegExp(`^registry ${reg.host.replace(/\./g, '\\.')} requires credentials \\(HTTP 401\\); pass --registry-username and --registry-password, or docker login`));
  });

  test('credentials from DOCKER_CONFIG/config.json auths (base64 user:password)', async () => {
    dockerConfig({ auths: { [`http://${reg.host}`]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } });
    const r = await deploy(['--source', `${reg.host}/team/app:build-1`, '--target', `${reg.host}/team/app:from-config`, '--insecure']);
    expect(r.code, r.stderr).toBe(0);
    expect(sha256(await skopeoRaw(`${reg.host}/team/app:from-config`, creds))).toBe(image.digest);
    expect(leaksIn([{ where: 'stdout', text: r.stdout }, { where: 'stderr', text: r.stderr }], [password, Buffer.from(`${user}:${password}`).toString('base64')])).toEqual([]);
  });

  test('a credential helper on PATH is asked; one that is not installed is one sentence and exit 2', async () => {
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'docker-credential-fake'), `#!/bin/sh\nread host\necho '{"ServerURL":"'$host'","Username":"${user}","Secret":"${password}"}'\n`);
    chmodSync(join(bin, 'docker-credential-fake'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      dockerConfig({ credHelpers: { [reg.host]: 'fake' } });
      const ok = await deploy(['--source', `${reg.host}/team/app:build-1`, '--target', `${reg.host}/team/app:from-helper`, '--insecure']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(leaksIn([{ where: 'stdout', text: ok.stdout }, { where: 'stderr', text: ok.stderr }], [password])).toEqual([]);

      const dir = dockerConfig({ credsStore: 'missing-helper' });
      const missing = await deploy(['--source', `${reg.host}/team/app:build-1`, '--target', `${reg.host}/team/app:x`, '--insecure']);
      expect(missing.code).toBe(2);
      expect(missing.report.summary).toBe(
        `${dir}/config.json names the credential helper docker-credential-missing-helper for ${reg.host}, and it is not on PATH; install it, or pass --registry-username and --registry-password.`,
      );
    } finally {
      process.env.PATH = path;
      process.env.DOCKER_CONFIG = join(work, 'none');
    }
  });
});

describe.skipIf(!haveRegistry)('registry-deploy with token auth (a local token service the registry trusts)', () => {
  let tokens: TokenService;
  let treg: Registry;
  let twork: string;
  let timage: BuiltImage;
  beforeAll(async () => {
    twork = mkdtempSync(join(tmpdir(), 'preflight-rd-token-'));
    process.env.DOCKER_CONFIG = join(twork, 'none');
    tokens = await startTokenService(creds);
    treg = await startRegistry({ token: tokens });
    timage = buildLayout(join(twork, 'img'), { tag: 'build-1', multiPlatform: true });
    await skopeoPush(join(twork, 'img'), `${treg.host}/team/app:build-1`, creds);
  });
  afterAll(async () => {
    await treg?.stop();
    await tokens?.close();
  });

  test('Bearer challenge answered: promoted across repositories (mount needs pull on the source), tokens never printed', async () => {
    const before = tokens.issued.length;
    const r = await deploy(['--source', `${treg.host}/team/app:build-1`, '--target', `${treg.host}/prod/app:live`, '--insecure', '--registry-username', user, '--registry-password', password]);
    expect(r.code, r.stderr).toBe(0);
    expect(sha256(await skopeoRaw(`${treg.host}/prod/app:live`, creds))).toBe(timage.digest);
    expect(r.report.stats).toMatchObject({ blobsStreamed: 0 });
    const ours = tokens.issued.slice(before);
    expect(ours.length).toBeGreaterThan(0);
    expect(leaksIn([{ where: 'stdout', text: r.stdout }, { where: 'stderr', text: r.stderr }], [password, ...ours.map((t) => t.slice(-40))])).toEqual([]);
  });

  test('the token service refuses the password: exit 3, target untouched', async () => {
    const r = await deploy(['--source', `${treg.host}/team/app:build-1`, '--target', `${treg.host}/prod/app:refused`, '--insecure', '--registry-username', user, '--registry-password', 'CANARY-token-wrong-99']);
    expect(r.code).toBe(3);
    expect(r.report.summary).toMatch(/refused the credentials \(HTTP 401\)/);
    await expect(skopeoRaw(`${treg.host}/prod/app:refused`, creds)).rejects.toThrow(/manifest unknown/);
  });
});
