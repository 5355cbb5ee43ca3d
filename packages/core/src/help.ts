import type { OptionDef } from './options.ts';

/** `preflight <check> --help`, generated from the same definitions as the parser and action.yml. */
export function renderHelp(command: string, description: string, defs: readonly OptionDef[], positional?: string): string {
  const lines = [`Usage: preflight ${command} [options]${positional ? ` ${positional.toUpperCase()}...` : ''}`, '', description, '', 'Options:'];
  const rows = defs.map((d) => {
    const flag = `--${d.name}${d.type === 'boolean' ? '' : ` <${placeholder(d)}>`}`;
    const extras = [
      d.default !== undefined ? `default: ${d.default}` : d.required ? 'required' : '',
      d.env ? `env: ${d.env}` : '',
      d.aliases?.length ? `alias: ${d.aliases.map((a) => `--${a}`).join(', ')}` : '',
      d.type === 'list' ? 'repeatable, or comma-separated' : '',
    ].filter(Boolean);
    return { flag, text: d.description + (extras.length ? ` (${extras.join('; ')})` : '') };
  });
  const width = Math.min(34, Math.max(...rows.map((r) => r.flag.length)) + 2);
  for (const r of rows) lines.push(`  ${r.flag.padEnd(width)}${r.flag.length >= width ? '\n  ' + ' '.repeat(width) : ''}${r.text}`);
  lines.push(`  ${'--help'.padEnd(width)}Show this help.`, '');
  lines.push('Exit codes: 0 passed (warnings allowed), 1 blocking findings, 2 usage or configuration error, 3 could not run.');
  return lines.join('\n') + '\n';
}

function placeholder(d: OptionDef): string {
  if (d.type === 'enum') return d.values!.join('|');
  if (d.type === 'duration') return 'duration';
  if (d.type === 'integer') return 'n';
  if (d.type === 'path') return 'file';
  if (d.type === 'dir') return 'dir';
  return d.name.endsWith('url') ? 'url' : 'value';
}
