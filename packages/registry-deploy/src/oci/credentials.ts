/**
 * Registry credentials: --registry-username/--registry-password, or Docker's config.json
 * (DOCKER_CONFIG or ~/.docker): `auths` entries (base64 user:password, identity tokens) and
 * credential helpers (`credHelpers`, `credsStore`: docker-credential-<name> get). Every value read
 * is registered as a secret at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CouldNotRunError, registerSecret, UsageError } from '@preflight/core';
import { dockerHub } from '../reference.ts';

export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the token endpoint. */
  identityToken?: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** config.json keys are written many ways: ghcr.io, https://ghcr.io, https://index.docker.io/v1/. */
function keyHost(key: string): string {
  const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? dockerHub : host;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  // node:os only when DOCKER_CONFIG is unset: it is start-up time, and CI usually sets it.
  return join(env.DOCKER_CONFIG || join((createRequire(import.meta.url)('node:os') as typeof import('node:os')).homedir(), '.docker'), 'config.json');
}

export async function credentialsFor(
  host: string,
  flags: { username?: string; password?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  if (flags.username) return { username: flags.username, password: flags.password };
  const path = dockerConfigPath(env);
  if (!existsSync(path)) return undefined;
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as DockerConfig;
  } catch {
    throw new UsageError(`${path} is not valid JSON; fix it (docker login rewrites it) or pass --registry-username and --registry-password.`);
  }
  const wanted = host.toLowerCase();
  const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => keyHost(k) === wanted)?.[1];
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (keyHost(key) !== wanted || !entry) continue;
    if (entry.identitytoken) {
      registerSecret(entry.identitytoken);
      return { username: entry.username, identityToken: entry.identitytoken };
    }
    if (entry.auth) {
      registerSecret(entry.auth);
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new UsageError(`The auths entry for ${host} in ${path} is not base64 of user:password; run docker login ${host} again.`);
      const password = decoded.slice(colon + 1);
      registerSecret(password);
      return { username: decoded.slice(0, colon), password };
    }
    if (entry.username && entry.password) {
      registerSecret(entry.password);
      return { username: entry.username, password: entry.password };
    }
  }
  const store = helper ?? config.credsStore;
  if (store) return fromHelper(store, host, path, env);
  return undefined;
}

/** `docker-credential-<name> get`, the host on stdin, JSON {Username, Secret} on stdout. */
async function fromHelper(name: string, host: string, configPath: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  const bin = `docker-credential-${name}`;
  // Loaded only here: most runs never start a helper, and child_process is start-up time.
  const { execFile } = await import('node:child_process');
  const serverUrl = host === dockerHub ? 'https://index.docker.io/v1/' : host;
  return new Promise((resolve, reject) => {
    const child = execFile(bin, ['get'], { env, timeout: 30_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new UsageError(
            `${configPath} names the credential helper ${bin} for ${host}, and it is not on PATH; install it, or pass --registry-username and --registry-password.`,
          ),
        );
        return;
      }
      if (error) {
        // The helper protocol's answer for "nothing stored": pull anonymously.
        if (/credentials not found/i.test(`${stdout}${stderr}`)) return resolve(undefined);
        reject(new CouldNotRunError(`The credential helper ${bin} failed for ${host} (exit ${error.code ?? 'signal'}); run "echo ${serverUrl} | ${bin} get" to see why.`));
        return;
      }
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (answer.Secret) registerSecret(answer.Secret);
        if (answer.Username === '<token>') resolve({ identityToken: answer.Secret });
        else resolve({ username: answer.Username, password: answer.Secret });
      } catch {
        reject(new CouldNotRunError(`The credential helper ${bin} answered something that is not JSON for ${host}.`));
      }
    });
    child.stdin?.end(serverUrl);
  });
}
