import { isAbsolute, relative } from 'node:path';

/**
 * The repository root CI systems resolve report paths against: GitLab's CI_PROJECT_DIR, GitHub's
 * GITHUB_WORKSPACE, else the directory the CLI runs in (Jenkins and Buildkite start jobs there).
 */
export function repoRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CI_PROJECT_DIR || env.GITHUB_WORKSPACE || process.cwd();
}

/** A finding's file as a repository-relative path with forward slashes, as every report format wants it. */
export function repoRelative(file: string, root: string): string {
  return (isAbsolute(file) ? relative(root, file) : file).split('\\').join('/');
}
