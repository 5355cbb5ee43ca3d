/**
 * Provider tokens, by their published shapes: AWS key IDs and secret keys, GitHub (classic,
 * fine-grained, OAuth, app), GitLab, Slack, Stripe live keys, Google API keys, service-account
 * JSON and PEM private keys. Documented example values are not findings.
 */
import { fullHash, registerValue, shortHash } from '../value.ts';
import { Lines, type Hit } from '../hit.ts';

interface TokenShape {
  kind: string;
  pattern: RegExp;
  fix: string;
  /** A cheap test that must pass before the regex runs: substring search is many times faster than a regex pass. */
  maybe: (text: string) => boolean;
}

const any = (...needles: string[]) => (text: string) => needles.some((n) => text.includes(n));

/**
 * Whether `lead` followed by one of `tails` occurs: one pass over the occurrences of `lead` instead of
 * one search per needle (the same answer as any(lead + tail, ...)).
 */
const after = (lead: string, ...tails: string[]) => (text: string) => {
  for (let i = text.indexOf(lead); i >= 0; i = text.indexOf(lead, i + 1)) {
    for (const t of tails) if (text.startsWith(t, i + lead.length)) return true;
  }
  return false;
};

const ROTATE = 'Revoke the token at the provider, then read it from a secret store or CI secret instead of the file.';

export const TOKEN_SHAPES: readonly TokenShape[] = [
  { kind: 'AWS access key ID', pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/g, fix: 'Deactivate the key in IAM and use a role or a CI secret.', maybe: after('A', 'KIA', 'SIA', 'BIA', 'CCA') },
  {
    kind: 'AWS secret access key',
    pattern: /aws[A-Za-z0-9_.-]{0,20}secret[A-Za-z0-9_.-]{0,20}["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    fix: 'Deactivate the key in IAM and use a role or a CI secret.',
    // 'w' is rarer than 'a' in code, and the search stops at every candidate first character.
    maybe: (text) => (text.includes('ws') && (text.includes('aws') || text.includes('Aws'))) || (text.includes('WS') && text.includes('AWS')),
  },
  { kind: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g, fix: ROTATE, maybe: after('gh', 'p_', 'o_', 'u_', 's_', 'r_') },
  { kind: 'GitHub fine-grained token', pattern: /\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{40,255})\b/g, fix: ROTATE, maybe: any('github_pat_') },
  { kind: 'GitLab token', pattern: /\b(gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,})\b/g, fix: ROTATE, maybe: after('gl', 'pat-', 'dt-', 'rt-', 'ptt-') },
  { kind: 'Slack token', pattern: /\b(xox[baprs]-[A-Za-z0-9-]{10,250})\b/g, fix: ROTATE, maybe: any('xox') },
  { kind: 'Stripe live key', pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,250})\b/g, fix: 'Roll the key in the Stripe dashboard and read it from a secret store.', maybe: any('k_live_') },
  { kind: 'Google API key', pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, fix: 'Delete or restrict the key in the Google Cloud console and read it from a secret store.', maybe: any('AIza') },
];

/** AWS's documented example credentials, and anything that says EXAMPLE, are not secrets. */
function isDocumentedExample(value: string): boolean {
  return /EXAMPLE/i.test(value) || value === 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' || /^(.)\1+$/.test(value.replace(/^[a-z]+[-_]/i, ''));
}

const PEM = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----((?:\\n|\\r|\s)*)([A-Za-z0-9+/=]{40,})/g;

export function scanTokens(file: string, text: string, lines = new Lines(text)): Hit[] {
  const hits: Hit[] = [];
  for (const shape of TOKEN_SHAPES) {
    if (!shape.maybe(text)) continue;
    shape.pattern.lastIndex = 0;
    for (let m = shape.pattern.exec(text); m; m = shape.pattern.exec(text)) {
      const value = m[1]!;
      if (isDocumentedExample(value)) continue;
      registerValue(value);
      const line = lines.lineOf(m.index + m[0].indexOf(value));
      hits.push({
        rule: 'provider-token',
        severity: 'error',
        file,
        line,
        variable: shape.kind,
        valueHash: fullHash(value),
        object: `${file}:${line}`,
        message: `${shape.kind} committed in ${file}:${line} (${[...value].length} chars, sha256 ${shortHash(value)}).`,
        fix: shape.fix,
      });
    }
  }
  hits.push(...scanPrivateKeys(file, text, lines));
  return hits;
}

function scanPrivateKeys(file: string, text: string, lines: Lines): Hit[] {
  const hits: Hit[] = [];
  if (!text.includes('PRIVATE KEY')) return hits;
  const serviceAccount = /"type"\s*:\s*"service_account"/.test(text);
  PEM.lastIndex = 0;
  for (let m = PEM.exec(text); m; m = PEM.exec(text)) {
    const body = m[3]!;
    if (isDocumentedExample(body)) continue;
    // The whole key block is the secret; its first body line stands for it in the hash.
    registerValue(body);
    const end = text.indexOf('-----END', m.index);
    if (end > 0) for (const part of text.slice(m.index, end).split(/\\n|\r?\n/)) if (part.length >= 8 && !part.startsWith('-----')) registerValue(part.replace(/^\s*"?|"?,?\s*$/g, ''));
    const line = lines.lineOf(m.index);
    const kind = serviceAccount ? 'Google service-account key' : `PEM ${m[1]!.toLowerCase()}`;
    hits.push({
      rule: 'private-key',
      severity: 'error',
      file,
      line,
      variable: kind,
      valueHash: fullHash(body),
      object: `${file}:${line}`,
      message: `${kind} committed in ${file}:${line} (sha256 ${shortHash(body)}).`,
      fix: serviceAccount
        ? 'Delete the key in IAM (service accounts → keys), use workload identity federation or a CI secret, and remove the file from history.'
        : 'Replace the key pair, keep the private key in a secret store, and remove it from history (git filter-repo).',
    });
  }
  return hits;
}
