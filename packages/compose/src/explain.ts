// One sentence on where a container's variable comes from, for findings ("service backend gets
// SECRET_KEY from the fallback in docker-compose.yml:12 ... because envs/.env is not the
// interpolation file"). It never contains the value: callers add length or hash themselves.
import type { EffectiveProject } from './effective.ts';
import type { Located } from './located.ts';

const where = (at: Located) => `${at.file}:${at.line}`;

export function describeOrigin(project: EffectiveProject, service: string, variable: string): string {
  const value = project.services[service]?.environment[variable];
  if (!value) return `service ${service} does not set ${variable}`;
  const { origin } = value;
  const subject = `service ${service} gets ${variable}`;
  switch (origin.kind) {
    case 'literal':
      return `${subject} from a literal in ${where(origin.at)}`;
    case 'env_file':
      return `${subject} from its env_file ${where(origin.at)}`;
    case 'shell':
      return `${subject} from the shell environment (passed through in ${where(origin.at)})`;
    case 'interpolated':
      return `${subject} from \${${origin.variable}} in ${where(origin.at)}, ${origin.interpolationFile ? `set in the interpolation file ${origin.interpolationFile}` : 'set in the shell environment'}`;
    case 'unset':
      if (origin.error) return `${subject} from nothing: compose refuses to start (${origin.error}, ${where(origin.at)})`;
      if (value.value !== undefined) return `${subject} with \${${origin.variable}} in ${where(origin.at)} not set: compose substitutes ""`;
      return `${subject} from nothing: ${where(origin.at)} passes it through but neither the shell nor the interpolation file sets it`;
    case 'fallback': {
      const lacking = origin.interpolationFile ? `neither the shell nor the interpolation file ${origin.interpolationFile} sets ${origin.variable}` : `the shell does not set ${origin.variable} and there is no interpolation file (compose reads ${project.projectDir}/.env, or --env-file)`;
      const envFiles = new Set(project.services[service].envFiles.map((f) => f.path));
      const hidden = (value.overrides ?? []).filter((at) => envFiles.has(at.file));
      const because = hidden.length
        ? `; ${hidden.map(where).join(', ')} sets it, but an env_file only feeds the container's environment, environment: overrides it, and ${[...new Set(hidden.map((h) => h.file))].join(', ')} is not the interpolation file`
        : '';
      return `${subject} from the fallback in ${where(origin.at)} because ${lacking}${because}`;
    }
  }
}
