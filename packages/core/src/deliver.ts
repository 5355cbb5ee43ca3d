/** Output steps shared by the CLI and the action: the report files and the sticky PR comment (each masks what it writes). */
import type { Logger } from './check.ts';
import { messageOf } from './errors.ts';
import { commentTargetFromEnv, upsertComment } from './github/comment.ts';
import { redact, redactDeep } from './redact.ts';
import { renderMarkdown } from './render/markdown.ts';
import { codeQualityIssues } from './render/gitlab.ts';
import { junitXml } from './render/junit.ts';
import { sarifDocument } from './render/sarif.ts';
import { writeDocumentAtomic, writeJsonFileAtomic } from './render/write-file.ts';
import type { Report } from './report.ts';

export function writeReport(path: string, report: Report): void {
  writeJsonFileAtomic(path, report, 'report');
}

export function writeSarif(path: string, report: Report): void {
  writeJsonFileAtomic(path, sarifDocument(report), 'sarif');
}

/** Fingerprints are hashed from the masked report, so not even a hash is made of a secret. */
export function writeGitlabReport(path: string, report: Report): void {
  writeJsonFileAtomic(path, codeQualityIssues(redactDeep(report)), 'gitlab-report');
}

export function writeJunit(path: string, report: Report): void {
  writeDocumentAtomic(path, report, (masked) => junitXml(masked), 'junit');
}

/** The report files a run can write, keyed by the option that names each file (CLI and action alike). */
export const reportFiles = [
  ['report', writeReport],
  ['sarif', writeSarif],
  ['gitlab-report', writeGitlabReport],
  ['junit', writeJunit],
] as const satisfies ReadonlyArray<readonly [string, (path: string, report: Report) => void]>;

/** A comment is a courtesy: failing to post one is a warning, never a failed check. */
export async function postComment(report: Report, token: string | undefined, log: Logger): Promise<void> {
  const target = commentTargetFromEnv(token);
  if (typeof target === 'string') {
    log.warn(`comment skipped: ${target}.`);
    return;
  }
  try {
    const what = await upsertComment(target, report.check, renderMarkdown(report));
    log.info(`pull-request comment ${what} on #${target.issueNumber}`);
  } catch (error) {
    log.warn(redact(`comment not posted: ${messageOf(error)}`));
  }
}
