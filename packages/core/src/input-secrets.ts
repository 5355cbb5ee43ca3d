/**
 * Secrets are registered before any argument is parsed: a parse error (an unquoted libpq string,
 * a stray URL, a bad flag next to a token) must already find them masked. Everything the user
 * handed us is scanned for credential shapes, and the values of `secret: true` options are
 * registered whole, from the command line, the INPUT_* variables and their env fallbacks.
 */
import type { OptionDef } from './options.ts';
import { findCredentials, registerSecret } from './redact.ts';

/** Registers every credential-shaped value in `texts` (URL passwords, password=, X_TOKEN=, Bearer ...). */
export function registerCredentialsIn(texts: Iterable<string | undefined>): void {
  for (const text of texts) {
    if (!text) continue;
    for (const value of findCredentials(text)) registerSecret(value);
  }
}

/** `preflight <check> ...argv`: shapes anywhere, and the value after (or in) every secret flag. */
export function registerArgvSecrets(argv: readonly string[], defs: readonly OptionDef[], env: NodeJS.ProcessEnv = process.env): void {
  registerCredentialsIn(argv);
  const secretFlags = new Set(defs.filter((d) => d.secret).flatMap((d) => [d.name, ...(d.aliases ?? [])]).map((n) => `--${n}`));
  argv.forEach((arg, i) => {
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0 && secretFlags.has(arg.slice(0, eq))) registerSecret(arg.slice(eq + 1).trim());
    else if (secretFlags.has(arg)) registerSecret(argv[i + 1]?.trim());
  });
  registerEnvFallbacks(defs, env);
}

/** An action: every INPUT_* variable is scanned (inputs the check does not know too), secret inputs registered whole. */
export function registerActionInputSecrets(defs: readonly OptionDef[], env: NodeJS.ProcessEnv = process.env): void {
  const inputs = Object.entries(env).filter(([k]) => k.startsWith('INPUT_'));
  registerCredentialsIn(inputs.map(([, v]) => v));
  for (const def of defs) {
    if (!def.secret) continue;
    registerSecret(env[`INPUT_${def.name.replace(/ /g, '_').toUpperCase()}`]?.trim());
  }
  registerEnvFallbacks(defs, env);
}

function registerEnvFallbacks(defs: readonly OptionDef[], env: NodeJS.ProcessEnv): void {
  // libpq's own default password, which pg applies too.
  registerSecret(env.PGPASSWORD);
  for (const def of defs) {
    if (!def.env) continue;
    const value = env[def.env];
    if (def.secret) registerSecret(value?.trim());
    registerCredentialsIn([value]);
  }
}
