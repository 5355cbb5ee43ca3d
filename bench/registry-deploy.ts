/**
 * registry-deploy's promotion vs `skopeo copy` on the same registries, in the same run, as whole
 * processes:
 *   - within one repository (a new tag) and across repositories of one registry (blobs mounted),
 *     for a ~53 MB image, median of --runs; node's bare start-up (`node -e 0`) measured in the same
 *     run and subtracted from ours (the targets: at most skopeo's time);
 *   - across registries for a --big-mb image (default 2048 MB, 8 layers), peak RSS (target ≤ 100 MB)
 *     and throughput (target ≥ skopeo's), layers copied in parallel;
 *   - a re-run of the same promotion: bytes moved (target 0).
 *
 *   npx tsx bench/registry-deploy.ts [--runs 5] [--big-mb 2048] [--big-runs 2]
 *
 * Registries are Debian's docker-registry on loopback, storage in temporary directories; skopeo
 * copies with --all --preserve-digests (the same work: every platform, digests unchanged). Each
 * big copy goes to a registry of its own, started for it and removed after (so neither tool finds
 * the other's blobs, nor skopeo its own from an earlier round), the two tools taking turns and
 * swapping who goes first each round. Prints a markdown report and writes it to
 * bench/out/registry-deploy.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startRegistry, skopeoPush } from '../test/harness/registry.ts';
import { benchDir, repoRoot } from './lib/anchor.ts';
import { fmt, measure, median, type Measured } from './lib/measure.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} takes a whole number`);
  return v;
}
const runs = Math.max(1, arg('runs', 5));
const bigMB = arg('big-mb', 2048);
const bigRuns = Math.max(1, arg('big-runs', 2));
const cli = join(repoRoot, 'dist/cli/index.js');

/** An OCI layout with `layers` random layers of `layerBytes`, written in 8 MiB pieces (never whole in memory). */
function writeImage(dir: string, tag: string, layers: number, layerBytes: number): void {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const descs = [];
  for (let l = 0; l < layers; l++) {
    const temp = join(blobs, `tmp-${l}`);
    const fd = openSync(temp, 'w');
    const hash = createHash('sha256');
    for (let left = layerBytes; left > 0; ) {
      const piece = randomBytes(Math.min(left, 8 * 1024 * 1024));
      hash.update(piece);
      writeSync(fd, piece);
      left -= piece.length;
    }
    closeSync(fd);
    const hex = hash.digest('hex');
    renameSync(temp, join(blobs, hex));
    descs.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex}`, size: layerBytes });
  }
  const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: descs.map((d) => d.digest) } })));
  const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: descs })));
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }] }));
}

const ours = (source: string, target: string, extra: string[] = []) =>
  measure(process.execPath, [cli, 'registry-deploy', '--source', source, '--target', target, '--insecure', ...extra], { env: { ...process.env, DOCKER_CONFIG: '/nonexistent' }, timeoutMs: 1_800_000 });
const skopeo = (source: string, target: string) =>
  measure('skopeo', ['copy', '--all', '--preserve-digests', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${source}`, `docker://${target}`], { timeoutMs: 1_800_000 });

function ok(m: Measured, what: string): Measured {
  if (m.code !== 0) throw new Error(`${what} exited ${m.code}: ${m.stderr.slice(-400)}`);
  return m;
}

const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};

const work = mkdtempSync(join(tmpdir(), 'bench-registry-'));
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
const a = await startRegistry();
try {
  if (spawnSync(process.execPath, [cli, '--version']).status !== 0) throw new Error('build the bundles first: node scripts/build.mjs');
  writeImage(join(work, 'small'), 'v1', 5, Math.round(10.6 * 1024 * 1024));
  await skopeoPush(join(work, 'small'), `${a.host}/app:v1`);

  const node0: number[] = [];
  const usage: number[] = [];
  const sameOurs: number[] = [];
  const sameSkopeo: number[] = [];
  const crossOurs: number[] = [];
  const crossSkopeo: number[] = [];
  for (let i = 0; i < runs; i++) {
    node0.push(ok(await measure(process.execPath, ['-e', '0']), 'node -e 0').seconds);
    // The CLI's own start-up: the same bundle answering a usage error (exit 2) before any request.
    usage.push((await measure(process.execPath, [cli, 'registry-deploy', '--target', 'a:b'])).seconds);
    // Turns alternate so both tools share the machine's noise.
    sameOurs.push(ok(await ours(`${a.host}/app:v1`, `${a.host}/app:ours-${i}`), 'ours same repo').seconds);
    sameSkopeo.push(ok(await skopeo(`${a.host}/app:v1`, `${a.host}/app:skopeo-${i}`), 'skopeo same repo').seconds);
    crossOurs.push(ok(await ours(`${a.host}/app:v1`, `${a.host}/ours${i}/app:v1`), 'ours cross repo').seconds);
    crossSkopeo.push(ok(await skopeo(`${a.host}/app:v1`, `${a.host}/skopeo${i}/app:v1`), 'skopeo cross repo').seconds);
  }
  const n0 = median(node0);
  const row = (what: string, o: number[], s: number[]) => {
    const mine = median(o) - n0;
    const theirs = median(s);
    say(`| ${what} | ${fmt(median(o) * 1000, 0)} ms | ${fmt(mine * 1000, 0)} ms | ${fmt(theirs * 1000, 0)} ms | **${fmt(mine / theirs)}x** | ${mine <= theirs ? 'PASS' : 'MISS'} |`);
  };
  say(`## registry-deploy vs skopeo copy (${new Date().toISOString().slice(0, 16).replace('T', ' ')}, ${cpus().length} cores, node ${process.version}, ${spawnSync('skopeo', ['--version'], { encoding: 'utf8' }).stdout.trim()}, load average ${loadBefore} before)`);
  say();
  say(`~53 MB image (5 layers), median of ${runs}; bare \`node -e 0\`: ${fmt(n0 * 1000, 0)} ms (subtracted from ours); the CLI bundle answering a usage error (start-up with no request): ${fmt(median(usage) * 1000, 0)} ms.`);
  say();
  say('| promotion | ours (whole process) | ours − node start-up | skopeo copy | ratio | target ≤ skopeo |');
  say('|---|---|---|---|---|---|');
  row('same repository, new tag', sameOurs, sameSkopeo);
  row('another repository, same registry (mount)', crossOurs, crossSkopeo);

  const rerun = ok(await ours(`${a.host}/app:v1`, `${a.host}/ours0/app:v1`, ['--json']), 'ours re-run');
  const rerunStats = JSON.parse(rerun.stdout).stats;
  say();
  say(`Re-run of the same promotion: ${rerunStats.bytesStreamed} bytes streamed, ${rerunStats.blobsStreamed} blobs (target 0): ${rerunStats.bytesStreamed === 0 ? 'PASS' : 'MISS'}.`);

  // The 2 GB copy's rows for the overview table (written with the promotion rows at the end).
  const bigRows: Array<{ check: string; anchor: string; input: string; ours_s: number | null; anchor_s: number | null; target: string; pass: boolean }> = [];
  if (bigMB > 0) {
    const layers = 8;
    writeImage(join(work, 'big'), 'big', layers, Math.round((bigMB * 1024 * 1024) / layers));
    rmSync(join(work, 'small'), { recursive: true, force: true });
    await skopeoPush(join(work, 'big'), `${a.host}/big:v1`);
    rmSync(join(work, 'big'), { recursive: true, force: true });
    const mineRuns: Measured[] = [];
    const theirRuns: Measured[] = [];
    let streamed = 0;
    for (let round = 0; round < bigRuns; round++) {
      for (const who of round % 2 === 0 ? ['ours', 'skopeo'] : ['skopeo', 'ours']) {
        const fresh = await startRegistry();
        try {
          if (who === 'ours') {
            const m = ok(await ours(`${a.host}/big:v1`, `${fresh.host}/ours/big:v1`, ['--json']), 'ours cross registry');
            streamed = JSON.parse(m.stdout).stats.bytesStreamed;
            mineRuns.push(m);
          } else theirRuns.push(ok(await skopeo(`${a.host}/big:v1`, `${fresh.host}/skopeo/big:v1`), 'skopeo cross registry'));
        } finally {
          await fresh.stop();
        }
      }
    }
    const mbps = (runs: Measured[]) => bigMB / median(runs.map((m) => m.seconds));
    const rss = (runs: Measured[]) => Math.max(...runs.map((m) => m.peakRssMB ?? Infinity));
    const cpu = (runs: Measured[]) => median(runs.map((m) => m.cpuSeconds ?? NaN));
    const each = (runs: Measured[], f: (m: Measured) => string) => runs.map(f).join(', ');
    say();
    say(`Across registries, a ${bigMB} MB image (${layers} layers of ${fmt(bigMB / layers, 0)} MB, 4 streamed at once, 32 MiB PATCH chunks), ${bigRuns} round(s) each, every copy into a fresh registry: ${streamed} bytes streamed.`);
    say();
    say('| | ours | skopeo copy | target |');
    say('|---|---|---|---|');
    say(`| wall time (each run) | ${each(mineRuns, (m) => `${fmt(m.seconds)} s`)} | ${each(theirRuns, (m) => `${fmt(m.seconds)} s`)} | |`);
    say(`| throughput (median) | ${fmt(mbps(mineRuns), 0)} MB/s | ${fmt(mbps(theirRuns), 0)} MB/s | ≥ skopeo: ${mbps(mineRuns) >= mbps(theirRuns) ? 'PASS' : 'MISS'} |`);
    say(`| peak RSS, worst run (${mineRuns[0].rssSource}) | ${fmt(rss(mineRuns), 0)} MB | ${fmt(rss(theirRuns), 0)} MB | ≤ 100 MB: ${rss(mineRuns) <= 100 ? 'PASS' : 'MISS'} |`);
    say(`| CPU (user+sys, median) | ${fmt(cpu(mineRuns))} s | ${fmt(cpu(theirRuns))} s | |`);
    const input = `${bigMB} MB image, ${layers} layers, ${fmt(mbps(mineRuns), 0)} vs ${fmt(mbps(theirRuns), 0)} MB/s`;
    bigRows.push(
      { check: 'registry-deploy cross-registry copy: throughput', anchor: 'skopeo copy', input, ours_s: median(mineRuns.map((m) => m.seconds)), anchor_s: median(theirRuns.map((m) => m.seconds)), target: '≤ 1x (throughput ≥ skopeo)', pass: mbps(mineRuns) >= mbps(theirRuns) },
      { check: 'registry-deploy cross-registry copy: peak RSS', anchor: '–', input: `${bigMB} MB image: ${fmt(rss(mineRuns), 0)} MB`, ours_s: null, anchor_s: null, target: '≤ 100 MB', pass: rss(mineRuns) <= 100 },
    );
  }
  say();
  say(`Load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}. The machine is shared (2 cores, other sessions running): read the ratios, not the absolute times.`);
  mkdirSync(join(benchDir, 'out'), { recursive: true });
  writeFileSync(join(benchDir, 'out', 'registry-deploy.md'), `${lines.join('\n')}\n`);
  const { resultRow, verdict, writeResultRows } = await import('./lib/results.ts');
  const promotion = (what: string, o: number[], s: number[]) => resultRow({ check: `registry-deploy promote, ${what}`, anchor: 'skopeo copy', input: '53 MB image, 5 layers (ours minus node start-up)', ours_s: median(o) - n0, anchor_s: median(s), target: '≤ 1x', verdict: verdict(median(o) - n0 <= median(s)) });
  const big = bigRows.map(({ pass, ...row }) => resultRow({ ...row, verdict: verdict(pass) }));
  writeResultRows('registry-deploy', [promotion('same repository', sameOurs, sameSkopeo), promotion('another repository (mount)', crossOurs, crossSkopeo), ...big]);
} finally {
  await a.stop();
  rmSync(work, { recursive: true, force: true });
}
