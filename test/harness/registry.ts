/**
 * A real OCI registry (Debian's `docker-registry`, i.e. CNCF distribution) on loopback, on a free
 * port, with its storage in a temporary directory, optionally behind htpasswd basic auth or
 * token auth; and skopeo as the independent client that says what the registry holds.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanUpOnExit, freePort, runningChildren, temporaryDirs } from '@preflight/pg';

const binary = process.env.PREFLIGHT_REGISTRY_BIN ?? '/usr/bin/docker-registry';
export const haveRegistry = existsSync(binary) && existsSync('/usr/bin/skopeo');

export interface RegistryOptions {
  /** htpasswd basic auth with this user (bcrypt, via htpasswd -B). */
  basic?: { username: string; password: string };
  /** distribution's token auth: the realm is a token service the test runs. */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
}

export interface Registry {
  host: string;
  port: number;
  /** The storage root: docker/registry/v2/repositories/..., blobs/... */
  root: string;
  /** Every log line so far (access log included). */
  log: string[];
  stop(): Promise<void>;
}

const run = promisify(execFile);

export async function startRegistry(opts: RegistryOptions = {}): Promise<Registry> {
  cleanUpOnExit();
  const dir = mkdtempSync(join(tmpdir(), 'preflight-registry-'));
  temporaryDirs.add(dir);
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  if (opts.basic) {
    const htpasswd = join(dir, 'htpasswd');
    await run('htpasswd', ['-Bbc', htpasswd, opts.basic.username, opts.basic.password]);
    lines.push('auth:', '  htpasswd:', '    realm: preflight-test', `    path: ${htpasswd}`);
  }
  if (opts.token) {
    lines.push('auth:', '  token:', `    realm: ${opts.token.realm}`, `    service: ${opts.token.service}`, `    issuer: ${opts.token.issuer}`, `    rootcertbundle: ${opts.token.rootCertBundle}`);
  }
  writeFileSync(join(dir, 'config.yml'), `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn(binary, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  runningChildren.add(child);
  const log: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      buffer += d;
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      log.push(...parts);
    });
  }
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    runningChildren.delete(child);
    rmSync(dir, { recursive: true, force: true });
    temporaryDirs.delete(dir);
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log.slice(-5).join(' | ')}`);
    if (await answers(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on 127.0.0.1:${port}: ${log.slice(-5).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host: `127.0.0.1:${port}`, port, root: join(dir, 'data'), log, stop };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** What skopeo (the independent witness) says a reference's manifest is: its raw bytes. */
export async function skopeoRaw(ref: string, creds?: { username: string; password: string }): Promise<string> {
  const args = ['inspect', '--raw', '--tls-verify=false', ...(creds ? ['--creds', `${creds.username}:${creds.password}`] : []), `docker://${ref}`];
  const { stdout } = await run('skopeo', args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** skopeo copy oci:DIR:tag docker://host/repo:tag, every platform, digests preserved. */
export async function skopeoPush(layout: string, ref: string, creds?: { username: string; password: string }): Promise<void> {
  await run('skopeo', ['copy', '--all', '--preserve-digests', '--dest-tls-verify=false', ...(creds ? ['--dest-creds', `${creds.username}:${creds.password}`] : []), `oci:${layout}`, `docker://${ref}`], {
    maxBuffer: 16 * 1024 * 1024,
  });
}
