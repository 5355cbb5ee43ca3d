import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { parseArgs } from './cli-args.ts';
import { UsageError } from './errors.ts';
import { parseDuration, parseInputs, type OptionDef } from './options.ts';
import { clearSecrets, redact } from './redact.ts';
import { renderHelp } from './help.ts';

const defs = [
  { name: 'database-url', type: 'string', secret: true, env: 'DATABASE_URL', aliases: ['url'], description: 'The live database.' },
  { name: 'strict', type: 'boolean', default: 'false', description: 'Extras are errors.' },
  { name: 'lock-timeout', type: 'duration', default: '5s', description: 'Lock timeout.' },
  { name: 'retries', type: 'integer', description: 'Retries.' },
  { name: 'format', type: 'enum', values: ['sql', 'dbmate'], default: 'sql', description: 'Format.' },
  { name: 'ignore', type: 'list', description: 'Globs.' },
  { name: 'name', type: 'string', required: true, description: 'A name.' },
] as const satisfies readonly OptionDef[];

describe('parseInputs', () => {
  test('applies defaults and types', () => {
    const inputs = parseInputs(defs, { name: 'x' }, 'action', {});
    expect(inputs).toEqual({ 'database-url': undefined, strict: false, 'lock-timeout': 5000, retries: undefined, format: 'sql', ignore: [], name: 'x' });
  });

  test('CLI flags and action inputs give the same result', () => {
    const cli = parseInputs(defs, parseArgs(['--name', 'x', '--strict', '--lock-timeout=2m', '--ignore', 'a.*', '--ignore', 'b.*,c'], defs, 'c').raw, 'cli', {});
    const action = parseInputs(defs, { name: 'x', strict: 'true', 'lock-timeout': '2m', ignore: 'a.*\nb.*\nc' }, 'action', {});
    expect(cli).toEqual(action);
    expect(cli.ignore).toEqual(['a.*', 'b.*', 'c']);
  });

  test('falls back to the environment variable', () => {
    expect(parseInputs(defs, { name: 'x' }, 'cli', { DATABASE_URL: 'postgres://h/db' })['database-url']).toBe('postgres://h/db');
  });

  test.each([
    [{ name: 'x', strict: 'yes' }, 'Input strict must be true or false, not "yes".'],
    [{ name: 'x', 'lock-timeout': 'soon' }, 'Input lock-timeout must be a duration such as 10s, 5m or 1500ms, not "soon".'],
    [{ name: 'x', retries: '-1' }, 'Input retries must be a whole number, not "-1".'],
    [{ name: 'x', format: 'liquibase' }, 'Input format must be one of sql, dbmate, not "liquibase".'],
    [{}, 'Missing required input name: A name.'],
  ])('bad action input %j → one sentence, exit 2', (raw, message) => {
    const err = captureError(() => parseInputs(defs, raw, 'action', {}));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(message);
  });

  test('secret inputs are redacted everywhere once parsed', () => {
    clearSecrets();
    parseInputs(defs, { name: 'x', 'database-url': 'postgres://u:CANARY-pw-123@h/db' }, 'action', {});
    expect(redact('url was postgres://u:CANARY-pw-123@h/db')).not.toContain('CANARY');
  });
});

describe('parseArgs', () => {
  test.each([
    [['--nope'], 'Unknown option --nope for preflight c; run preflight c --help to list the options.'],
    [['--name'], 'Option --name needs a value; write --name VALUE.'],
    [['--name', '--strict'], 'Option --name needs a value; write --name VALUE.'],
    [['stray'], 'Unexpected argument "stray" for preflight c; options are written --name value (see preflight c --help).'],
  ])('%j is rejected with one sentence', (argv, message) => {
    expect(() => parseArgs(argv, defs, 'c')).toThrow(message);
  });

  // issue 7 item 1: the arguments fail to parse before anything is registered, so the message
  // itself must not echo a value that could be a secret.
  test.each([
    [
      ['--database-url', 'host=127.0.0.1', 'password=CANARY2', 'dbname=x'],
      'Unexpected argument "password=***" for preflight c; quote a libpq connection string as one argument ("host=... password=..."); options are written --name value (see preflight c --help).',
    ],
    [['postgres://admin:CANARY3@db/app'], 'Unexpected argument "postgres://admin:***@db/app" for preflight c; options are written --name value (see preflight c --help).'],
    [['--name', 'x', 'pass word@db/app'], 'Unexpected argument 3 (not shown: it may be part of a password) for preflight c; options are written --name value (see preflight c --help).'],
  ])('a stray argument that may hold a secret is masked: %j', (argv, message) => {
    clearSecrets();
    const err = captureError(() => parseArgs(argv, defs, 'c'));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(message);
    expect(err.message).not.toMatch(/CANARY|pass word/);
  });

  test('aliases and --no- booleans', () => {
    const { raw } = parseArgs(['--url', 'postgres://a/b', '--no-strict'], defs, 'c');
    expect(raw).toEqual({ 'database-url': ['postgres://a/b'], strict: ['false'] });
  });

  test('fuzz: any argv either parses or fails with a UsageError', () => {
    fuzz(
      'core: argv',
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('--name', '--strict', '--ignore', '--format=sql', '--lock-timeout', '--', '-h'))), (argv) => {
        try {
          const { raw } = parseArgs(argv, defs, 'c');
          parseInputs(defs, { name: 'n', ...raw }, 'cli', {});
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});

test('parseDuration', () => {
  expect([parseDuration('10s'), parseDuration('5m'), parseDuration('1500ms'), parseDuration('2'), parseDuration('1h'), parseDuration('x')]).toEqual([
    10_000, 300_000, 1500, 2000, 3_600_000, undefined,
  ]);
});

test('--help lists every option with its default', () => {
  const help = renderHelp('c', 'Does c.', defs);
  for (const d of defs) expect(help).toContain(`--${d.name}`);
  expect(help).toContain('default: 5s');
  expect(help).toContain('env: DATABASE_URL');
});

function captureError(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

test('action wording: flags the check has become input names; SQL comments stay', async () => {
  const { inActionWords } = await import('./action/run-action.ts');
  const outcome = {
    exitCode: 2 as const,
    outputs: {},
    report: {
      check: 'c', version: '0', status: 'error' as const, stats: {},
      summary: 'Give --name or --url (alias), not --unknown-flag.',
      findings: [{ rule: 'r', severity: 'error' as const, object: 'o', message: 'pass --strict', fix: '-- preflight:no-transaction\n--strict' }],
    },
  };
  const out = inActionWords(outcome, defs).report;
  expect(out.summary).toBe('Give `name` or `url` (alias), not --unknown-flag.');
  expect(out.findings[0]).toMatchObject({ message: 'pass `strict`', fix: '-- preflight:no-transaction\n`strict`' });
});
