/**
 * Text that looks like a credential, whether or not anybody registered it: URL userinfo
 * passwords, `password=` / `PGPASSWORD=` assignments, any secret-named assignment
 * (`*_PASSWORD=`, `*SECRET*=`, `*_TOKEN=`, `*_KEY=`, as `env | grep` prints them), YAML/JSON
 * `password: value`, and `Authorization:` headers. A deploy command's output, a user's command
 * line and a driver's error message can all carry one; none of them was registered first.
 *
 * Masking errs on the side of hiding too much: an over-masked log line costs a reader a moment,
 * a leaked password costs a rotation.
 */
/** What every masked value becomes. */
export const REDACTED = '***';

/** Names whose value is a credential: `PGPASSWORD`, `db-password`, `X_TOKEN`, `SECRET_KEY_BASE`, `aws_access_key`. */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[-.]/g, '_');
  return (
    /pass(word|wd|phrase)|secret|token|credential|api_?key|private_?key|access_?key|auth_?key/.test(n) ||
    /_(key|pass|pwd|auth|pat)$/.test(n) ||
    n === 'pass'
  );
}

// libpq writes `password = 'x'` with spaces; other names only count without them, so SQL such as
// `CHECK (token_type = 'refresh')` in a fix script stays intact.
const SPACED_NAMES = /^(ssl)?pass(word|wd)$/i;

const FILE_NAME = /\.(?:[cm]?[jt]sx?|py|go|rb|rs|java|kt|php|cs|sh|ya?ml|json|toml|ini|env|md|txt|sql|tf|tfvars|conf|cfg|properties|xml)$/i;

interface Shape {
  pattern: RegExp;
  /** A character every match contains: text without it skips the regex (most output has no '=', no '://'). */
  needs?: string;
  /** Whether this match is a credential (the name test for assignments). */
  applies?: (groups: Record<string, string | undefined>) => boolean;
}

// A value: quoted (and then ending at whitespace, or punctuation that ends the word), unterminated-quoted (to the end of the line),
// or a run of non-space characters.
const VALUE = String.raw`'(?:[^'\\\n]|\\.)*'(?=[.,;:)\]}]*(?:\s|$))|"(?:[^"\\\n]|\\.)*"(?=[.,;:)\]}]*(?:\s|$))|'(?:[^'\\\n]|\\.)*$|"(?:[^"\\\n]|\\.)*$|\S+`;

/**
 * Each shape captures `keep` (printed as is) and `secret` (replaced). Order matters only for
 * readability: every shape is idempotent on the masks of the others.
 */
const shapes: readonly Shape[] = [
  // scheme://user:PASSWORD@host — the password runs to the last '@' before the host, so an
  // unencoded '@', '/' or ':' inside it is still covered ('postgres://admin:2024/x@h').
  {
    needs: '://',
    pattern: /(?<keep>\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/?#@]{0,256}:)(?<secret>\S{0,1024})(?=@[^\s@/?'"<>]{0,256}(?:[/?\s'"<>,;)\]}`]|$))/gim,
  },
  // Authorization: Bearer TOKEN / Basic B64 / token T, in headers, curl -H and JSON.
  {
    pattern: /(?<keep>\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|bot|negotiate)\s+)?)(?<secret>[^\s"',;]+)/gi,
  },
  // A bare `Bearer TOKEN` (a token has a digit; prose after "Bearer" rarely does).
  { pattern: /(?<keep>\bbearer\s+)(?<secret>(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,})/gi },
  // env | grep: `NAME=value` alone on its line; the value is the rest of the line (spaces too).
  {
    needs: '=',
    pattern: /(?<keep>^[ \t]*(?:export[ \t]+|declare[ \t]+-x[ \t]+|\+[ \t]+)?(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})=)(?<secret>[^\n]+)/gm,
    applies: (g) => isSecretName(g.name!),
  },
  // URL query parameter: ?password=x&sslmode=require (the value ends at '&').
  {
    needs: '=',
    pattern: /(?<keep>(?<=[?&])(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})=)(?<secret>[^&\s#]+)/g,
    applies: (g) => isSecretName(g.name!),
  },
  // NAME=value inside a line: libpq words, `PGPASSWORD=x psql`, `--db-password=x`.
  {
    needs: '=',
    pattern: new RegExp(String.raw`(?<keep>(?<![A-Za-z0-9_?&])(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})(?<eq>\s*=\s*|=))(?<secret>${VALUE})`, 'gm'),
    applies: (g) => isSecretName(g.name!) && (g.eq === '=' || SPACED_NAMES.test(g.name!)),
  },
  // SQL: CREATE/ALTER ROLE ... [ENCRYPTED] PASSWORD 'x' (a migration or its offline SQL quoted in a message).
  { pattern: /(?<keep>\bpassword\s+)(?<secret>'(?:[^'\n]|'')*')/gi },
  // YAML / JSON / HTTP header: `password: x`, `"db_password": "x"`, `X-Api-Key: x`. Only a single
  // value that ends the line or the field counts, so prose ("Password: must be 12 characters") stays.
  {
    needs: ':',
    pattern: /(?<keep>(?<![A-Za-z0-9_])["']?(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,127})["']?[ \t]*:[ \t]*)(?<secret>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s,;'"}\]]+)(?=[ \t]*(?:$|[,;'"}\]]))/gm,
    // `secrets.yml:12` and `credential-shapes.ts:80` are a file and a line number, not a name and a value.
    applies: (g) => isSecretName(g.name!) && !(FILE_NAME.test(g.name!) && /^\d+\)?$/.test(g.secret ?? '')),
  },
];

/**
 * Our own masks and the placeholders in hints (`postgres://user:password@host`) are not secrets.
 * (`$VAR` references are masked: a real password can start with '$'.) A real password spelt
 * "password" is still masked once it was registered.
 */
function isMask(value: string): boolean {
  if (value === '' || value === '""' || value === "''") return true;
  // The closing quote or bracket of the text around it is not part of the value.
  const v = value.replace(/^["'(]/, '').replace(/["')\];,]+$/, '');
  return /^(\*+|password|pass|secret|token|\.\.\.)$/i.test(v);
}

/** Replaces every credential-shaped value in `text` with `***`. */
/**
 * Masked texts already seen: a report prints the same fix and message texts in every output
 * (JSON, SARIF, text, summary), and masking depends on nothing but the text.
 */
const masked = new Map<string, string>();
const MEMO_MAX_ENTRIES = 10_000;
const MEMO_MAX_LENGTH = 1024;

export function maskCredentials(text: string): string {
  if (!text) return text;
  const memo = text.length <= MEMO_MAX_LENGTH;
  if (memo) {
    const seen = masked.get(text);
    if (seen !== undefined) return seen;
  }
  const out = maskAll(text);
  if (memo) {
    if (masked.size >= MEMO_MAX_ENTRIES) masked.clear();
    masked.set(text, out);
  }
  return out;
}

function maskAll(text: string): string {
  let out = text;
  for (const shape of shapes) {
    if (shape.needs && !out.includes(shape.needs)) continue;
    out = out.replace(shape.pattern, (...args) => {
      const groups = args[args.length - 1] as Record<string, string | undefined>;
      const all = args[0] as string;
      if (shape.applies && !shape.applies(groups)) return all;
      if (isMask(groups.secret ?? '')) return all;
      return `${groups.keep}${REDACTED}`;
    });
  }
  return out;
}

/** The credential values found in `text` (unquoted), so they can be registered before anything prints. */
export function findCredentials(text: string): string[] {
  const found = new Set<string>();
  if (!text) return [];
  for (const shape of shapes) {
    for (const m of text.matchAll(shape.pattern)) {
      const groups = m.groups ?? {};
      if (shape.applies && !shape.applies(groups)) continue;
      let secret = groups.secret ?? '';
      if (/^(['"]).*\1$/s.test(secret)) secret = secret.slice(1, -1).replace(/\\(.)/g, '$1');
      else if (/^['"]/.test(secret)) secret = secret.slice(1);
      if (secret && !isMask(secret)) found.add(secret);
    }
  }
  return [...found];
}
