import { afterEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { clearSecrets, findCredentials, maskCredentials, redact, redactDeep, registerSecret } from './redact.ts';

afterEach(() => clearSecrets());

describe('registered secrets', () => {
  test('every form of a registered value is masked: plain, percent-encoded, decoded and base64', () => {
    const secret = "Reg!st'ered pw/1";
    registerSecret(secret);
    const b64 = Buffer.from(secret).toString('base64');
    const strict = [...secret].map((c) => (/[A-Za-z0-9_.~-]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('');
    for (const form of [secret, encodeURIComponent(secret), strict, b64, b64.replace(/=+$/, '')]) {
      expect(redact(`value: <${form}>`)).toBe('value: <***>');
    }
  });

  test('among hundreds of registered values, each is masked wherever it sits: text start, end, whole text, next to another', () => {
    const values = Array.from({ length: 300 }, (_, i) => `Many-${i}-qZ`);
    for (const v of values) registerSecret(v);
    registerSecret('k9Q');
    expect(redact('k9Q')).toBe('***');
    expect(redact('k9Q at the start')).toBe('*** at the start');
    expect(redact('at the end k9Q')).toBe('at the end ***');
    expect(redact(`${values[299]}${values[7]}`)).toBe('******');
    expect(redact(`a ${values[150]}, b`)).toBe('a ***, b');
    // Near misses stay: no registered value occurs.
    expect(redact('k9 Many-1-q Many-300-qZ')).toBe('k9 Many-1-q Many-300-qZ');
  });

  test('base64 of a registered value is masked inside a longer base64 stream at any alignment', () => {
    const secret = 'Stream-Secret-42';
    registerSecret(secret);
    for (const before of ['', 'a', 'ab', 'abc']) {
      const stream = Buffer.from(`${before}{"password":"${secret}"}tail`).toString('base64');
      const inner = Buffer.from(secret).toString('base64');
      expect(redact(stream)).toContain('***');
      // Whatever the alignment, no 8-character run of the value's own base64 survives.
      const survivors = [0, 1, 2].map((k) => Buffer.from('x'.repeat(k) + secret).toString('base64').slice(4, 12));
      for (const s of [inner.slice(0, 8), ...survivors]) expect(redact(stream)).not.toContain(s);
    }
  });
});

describe('credential shapes are masked even when never registered', () => {
  test.each([
    ['URL userinfo', 'connect postgres://admin:PW-1a@db.example.com:5432/app failed', 'connect postgres://admin:***@db.example.com:5432/app failed'],
    ['URL with "@" in the password', 'at postgresql://admin:p@ss@w0rd@host/db.', 'at postgresql://admin:***@host/db.'],
    ['digits and "/" in the password (issue 7 item 4)', 'postgres://admin:2024/CANARY@127.0.0.1/db', 'postgres://admin:***@127.0.0.1/db'],
    ['any scheme', 'git clone https://user:ghp_abc123@github.com/x', 'git clone https://user:***@github.com/x'],
    ['no user', 'redis://:hunter22@cache:6379', 'redis://:***@cache:6379'],
    ['URL query password', 'postgres://u@h/db?password=qp-7&sslmode=require', 'postgres://u@h/db?password=***&sslmode=require'],
    ['libpq keyword', 'host=h password=kw-Secret1 dbname=x', 'host=h password=*** dbname=x'],
    ['libpq quoted keyword', "host=h password = 'a b\\' c' user=u", 'host=h password = *** user=u'],
    ['quoted value before punctuation', "e.g. password='two words'.", 'e.g. password=***.'],
    ['a quote inside the value', "run X_TOKEN='ab'.cd-ef more", 'run X_TOKEN=*** more'],
    ['PGPASSWORD in a command (item 3)', 'sh -c "PGPASSWORD=secret99 psql -h db -c \'select 1\'"', 'sh -c "PGPASSWORD=*** psql -h db -c \'select 1\'"'],
    // At the start of a line it may be `env` output, where a value can hold spaces: the rest goes.
    ['PGPASSWORD starting a line', 'PGPASSWORD=secret99 psql -h db', 'PGPASSWORD=***'],
    ['PGPASSWORD after text', 'Running: PGPASSWORD=secret99 psql', 'Running: PGPASSWORD=*** psql'],
    ['--password= flag', 'mytool --db-password=s3cr3t-x --verbose', 'mytool --db-password=*** --verbose'],
    ['env | grep line with spaces', 'DB_PASSWORD=two words here', 'DB_PASSWORD=***'],
    ['export line', '  export API_SECRET="x y z"', '  export API_SECRET=***'],
    ['*_TOKEN', 'X_TOKEN=tok-123456', 'X_TOKEN=***'],
    ['*SECRET*', 'rails SECRET_KEY_BASE=abcdef0123 assets:precompile', 'rails SECRET_KEY_BASE=*** assets:precompile'],
    ['*_KEY, lower case', 'deploy aws_access_key=AKIA1234 now', 'deploy aws_access_key=*** now'],
    ['Authorization: Bearer', "curl -H 'Authorization: Bearer eyJhbGciOi.x-y_z' https://api", "curl -H 'Authorization: Bearer ***' https://api"],
    ['Authorization: Basic', 'authorization: Basic dXNlcjpwYXNz', 'authorization: Basic ***'],
    ['JSON authorization', '{"authorization":"token ghp_1234567"}', '{"authorization":"token ***"}'],
    ['bare Bearer token', 'sent Bearer abc.def123ghi', 'sent Bearer ***'],
    ['YAML password', '  password: hunter2', '  password: ***'],
    ['JSON password', '{"db_password": "p4ss,word"}', '{"db_password": ***}'],
    ['SQL role password', "CREATE ROLE app LOGIN PASSWORD 'it''s-Secret1';", 'CREATE ROLE app LOGIN PASSWORD ***;'],
    ['HTTP header', "-H 'X-Api-Key: k3y-value'", "-H 'X-Api-Key: ***'"],
  ])('%s', (_name, input, want) => {
    expect(redact(input)).toBe(want);
  });

  test.each([
    ['our own help text', '  --github-token <value>   Token used for the pull-request comment. (env: GITHUB_TOKEN)'],
    ['a URL without a password', 'no password postgres://u@h/db here'],
    ['ssh user', 'ssh://git@github.com:22/org/repo'],
    ['SQL with spaces around =', "ALTER TABLE t ADD CONSTRAINT c CHECK ((token_type = 'refresh'::text));"],
    ['a column named password', 'ALTER TABLE public.users ADD COLUMN password text NOT NULL;'],
    ['prose after a colon', 'Password: must be at least 12 characters long'],
    ['libpq file paths', 'host=h sslkey=/etc/ssl/client.key sslcert=/etc/ssl/client.crt'],
    ['our masks', 'postgres://u:***@h/db password=*** X_TOKEN=***'],
  ])('leaves %s alone', (_name, input) => {
    expect(redact(input)).toBe(input);
  });

  test('findCredentials returns the values, for registering them before anything is printed', () => {
    expect(findCredentials('postgres://u:a%2Fb@h/db host=h password=kw1 X_TOKEN=t0k Authorization: Bearer abc123def').sort()).toEqual(['a%2Fb', 'abc123def', 'kw1', 't0k']);
  });

  test('redactDeep masks every string of a report and keeps the structure', () => {
    const report = { summary: 'postgres://u:pw1@h', findings: [{ message: 'X_TOKEN=abc', line: 3 }], ok: true };
    expect(redactDeep(report)).toEqual({ summary: 'postgres://u:***@h', findings: [{ message: 'X_TOKEN=***', line: 3 }], ok: true });
  });
});

describe('property: a random password in a credential shape never survives', () => {
  // Printable ASCII without whitespace; '*' is left out because a password of stars cannot be told
  // apart from the mask itself.
  const passwordChar = fc.constantFrom(...[...Array(94)].map((_, i) => String.fromCharCode(33 + i)).filter((c) => c !== '*'));
  const password = fc.array(passwordChar, { minLength: 6, maxLength: 24 }).map((cs) => cs.join(''));
  const token68 = fc
    .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/-'), { minLength: 8, maxLength: 40 })
    .map((cs) => `${cs.join('')}9`);
  const filler = fc.constantFrom('', 'error: ', 'Running: ', 'deploy step said ', '» ', '| ');
  const tail = fc.constantFrom('', ' and more', ' --verbose', '\nnext line', '.');
  const shapes: Array<(pw: string) => string> = [
    (pw) => `postgres://admin:${pw}@db.internal:5432/app`,
    (pw) => `postgresql://admin:${encodeURIComponent(pw)}@10.0.0.1/app?sslmode=require`,
    (pw) => `host=db password='${pw.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' dbname=app`,
    (pw) => `PGPASSWORD=${pw} psql -h db`,
    (pw) => `X_TOKEN=${pw}`,
    (pw) => `MY_SECRET_VALUE=${pw}`,
    (pw) => `export DEPLOY_KEY=${pw}`,
  ];

  /** Pieces of the password (4 characters) found in the output but not in the text around it. */
  function partialLeaks(out: string, pw: string, context: string): string[] {
    const pieces = new Set<string>();
    for (const form of [pw, encodeURIComponent(pw)]) for (let i = 0; i + 4 <= form.length; i++) pieces.add(form.slice(i, i + 4));
    return [...pieces].filter((p) => out.includes(p) && !context.includes(p));
  }

  test.each(shapes.map((s, i) => [i, s] as const))('shape %i', (_i, shape) => {
    fuzz(
      'core: redact (URL password)',
      fc.property(filler, password, tail, (before, pw, after) => {
        const out = redact(`${before}${shape(pw)}${after}`);
        expect(out).not.toContain(pw);
        expect(out).not.toContain(encodeURIComponent(pw));
        expect(partialLeaks(out, pw, `${before}${shape('')}${after}***`)).toEqual([]);
      }),
    );
  });

  test('Authorization headers with random tokens', () => {
    fuzz(
      'core: redact (Authorization)',
      fc.property(filler, fc.constantFrom('Bearer', 'Basic', 'token'), token68, tail, (before, scheme, tok, after) => {
        expect(redact(`${before}Authorization: ${scheme} ${tok}${after}`)).not.toContain(tok);
      }),
    );
  });

  test('masking is idempotent', () => {
    fuzz(
      'core: redact (idempotent)',
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const once = maskCredentials(text);
        expect(maskCredentials(once)).toBe(once);
      }),
    );
  });
});

test('placeholders in hints are not secrets', () => {
  for (const text of ['use postgres://user:password@host:5432/dbname', 'quote it ("host=... password=...")', "quote values with spaces, e.g. password='...'."]) {
    expect(redact(text)).toBe(text);
  }
});

test('a password first seen percent-encoded (in a URL) is masked in base64 of its decoded form too', () => {
  registerSecret('Enc-pw%2F%40x');
  registerSecret('Enc-pw/@x');
  expect(redact(Buffer.from('Enc-pw/@x').toString('base64'))).toBe('***');
  clearSecrets();
  registerSecret('Enc-pw%2F%40x');
  expect(redact(`[${Buffer.from('Enc-pw/@x').toString('base64')}]`)).toBe('[***]');
});

// Every output passes through redact, so a pathological line must not hang the run. The bound is
// the test timeout (generous), not a speed claim.
test('pathological input does not hang the mask', { timeout: 30_000 }, () => {
  for (const text of ['a.'.repeat(50_000), 'a://b:'.repeat(20_000), `password='${'\\x'.repeat(50_000)}`, 'x'.repeat(200_000), 'Bearer '.repeat(50_000), 'a:'.repeat(50_000), `A_TOKEN${' '.repeat(100_000)}`]) {
    expect(typeof redact(text)).toBe('string');
  }
});

test('a file name with a secret-looking word, followed by a line number, is a location, not a credential', () => {
  expect(maskCredentials('packages/core/credential-shapes.ts:80 (secrets.yml:12)')).toBe('packages/core/credential-shapes.ts:80 (secrets.yml:12)');
  // ...while a secret-named key with a digits-only value still is one.
  expect(maskCredentials('db_password: 123456')).toBe('db_password: ***');
});
