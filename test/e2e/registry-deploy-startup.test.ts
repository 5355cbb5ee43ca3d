/**
 * The bundled CLI's registry-deploy against a real registry: it promotes (skopeo is the witness)
 * and, before and during a promotion, loads only what a promotion needs. The budget (issue 11) is
 * skopeo's time for the whole copy, and most of ours is node loading code: every ES module file
 * it resolves, reads, compiles and links, and every built-in it initialises. So this guards the
 * bundle's shape (scripts/build.mjs: the CLI's own bundle, one hub chunk) and the lazy built-ins;
 * it also runs the lazily loaded parts (a compose pin, an OCI layout source) from the bundle.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildLayout, type BuiltImage } from '../harness/oci-image.ts';
import { haveRegistry, skopeoPush, skopeoRaw, startRegistry, type Registry } from '../harness/registry.ts';
import { repoRoot, runProcess } from '../harness/run-bundle.ts';
import { sha256 } from '../../packages/registry-deploy/src/oci/store.ts';

const cli = join(repoRoot, 'dist/cli/index.js');
let reg: Registry;
let work: string;
let image: BuiltImage;

/** The bundle as a real process, with node's ESM debug log (every file it translates) and, at exit, the built-ins it loaded. */
async function promote(args: string[]) {
  const builtinsFile = join(work, `builtins-${Math.random().toString(36).slice(2)}.json`);
  const preload = join(work, 'record-builtins.cjs');
  const result = await runProcess(['-r', preload, cli, 'registry-deploy', ...args, '--insecure'], {
    env: { ...process.env, DOCKER_CONFIG: join(work, 'no-docker-config'), NODE_DEBUG: 'esm', PREFLIGHT_BUILTINS_FILE: builtinsFile },
  });
  const files = [...new Set([...result.stderr.matchAll(/Translating \w+ (file:\/\/\S+)/g)].map((m) => m[1].slice(`file://${repoRoot}`.length)))];
  const builtins: string[] = JSON.parse(readFileSync(builtinsFile, 'utf8'));
  return { ...result, files, builtins };
}

const loaded = (builtins: string[], name: string) => builtins.includes(`NativeModule ${name}`);

describe.skipIf(!haveRegistry)('bundled registry-deploy loads only what a promotion needs', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'preflight-rd-startup-'));
    writeFileSync(
      join(work, 'record-builtins.cjs'),
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.PREFLIGHT_BUILTINS_FILE, JSON.stringify(process.moduleLoadList)));\n",
    );
    reg = await startRegistry();
    image = buildLayout(join(work, 'image'), { tag: 'build-1', revision: 'aaaa1111' });
    await skopeoPush(join(work, 'image'), `${reg.host}/team/app:build-1`);
  });
  afterAll(async () => {
    await reg?.stop();
  });

  test('same repository and across repositories: promoted (skopeo), from at most 4 files and 100 KB of code, without crypto, https, tls, child_process or YAML', async () => {
    for (const target of [`${reg.host}/team/app:production`, `${reg.host}/prod/app:live`]) {
      const r = await promote(['--source', `${reg.host}/team/app:build-1`, '--target', target]);
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(sha256(await skopeoRaw(target))).toBe(image.digest);
      // The log must have been read (a pass that looked at nothing would prove nothing).
      expect(r.files).toContain('dist/cli/index.js');
      // index.js, the hub chunk, esbuild's runtime helpers and the run.ts facade (was 10 files).
      expect(r.files.length, r.files.join('\n')).toBeLessThanOrEqual(4);
      // What node parses before the first request: ~85 KB (was ~157 KB with zod's 35 KB and node:crypto's importer).
      const bytes = r.files.reduce((sum, f) => sum + statSync(join(repoRoot, f)).size, 0);
      expect(bytes, r.files.join('\n')).toBeLessThanOrEqual(100_000);
      expect(r.builtins).toContain('NativeModule http');
      for (const name of ['crypto', 'https', 'tls', 'child_process']) expect(loaded(r.builtins, name), name).toBe(false);
    }
  }, 120_000);

  test('the lazily loaded parts still load from the bundle: a compose pin and an OCI layout source', async () => {
    const compose = join(work, 'compose.yml');
    const original = `services:\n  web:\n    image: ${reg.host}/team/app:old # pinned by the deploy\n  db:\n    image: postgres:16\n`;
    writeFileSync(compose, original);
    const r = await promote(['--source', `oci:${join(work, 'image')}:build-1`, '--target', `${reg.host}/team/app:from-layout`, '--compose-file', compose, '--service', 'web']);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(sha256(await skopeoRaw(`${reg.host}/team/app:from-layout`))).toBe(image.digest);
    expect(readFileSync(compose, 'utf8')).toBe(original.replace(`${reg.host}/team/app:old`, `${reg.host}/team/app:from-layout@${image.digest}`));
    expect(r.files.length).toBeGreaterThan(4);
  }, 120_000);
});
