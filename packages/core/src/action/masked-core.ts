/**
 * @actions/core behind the choke point: every log line, annotation (message, title and file),
 * group name, output, step summary and failure message is masked before the runner sees it.
 * run-action.ts writes only through this object, so nothing reaches the workflow log unmasked.
 */
import * as core from '@actions/core';
import { redact } from '../redact.ts';

export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
}

function maskedProps(props: AnnotationProps | undefined): AnnotationProps | undefined {
  if (!props) return undefined;
  return { ...props, ...(props.title ? { title: redact(props.title) } : {}), ...(props.file ? { file: redact(props.file) } : {}) };
}

export const out = {
  info: (m: string) => core.info(redact(m)),
  debug: (m: string) => core.debug(redact(m)),
  warning: (m: string, props?: AnnotationProps) => core.warning(redact(m), maskedProps(props)),
  error: (m: string, props?: AnnotationProps) => core.error(redact(m), maskedProps(props)),
  notice: (m: string, props?: AnnotationProps) => core.notice(redact(m), maskedProps(props)),
  group: <T>(name: string, fn: () => Promise<T>) => core.group(redact(name), fn),
  setOutput: (name: string, value: string) => core.setOutput(name, redact(value)),
  setFailed: (m: string) => core.setFailed(redact(m)),
  summary: (markdown: string) => core.summary.addRaw(redact(markdown)).write(),
};
