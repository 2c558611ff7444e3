import type { JsonValue } from '@genesis/schemas';

/**
 * One pattern the redactor replaces. `pattern` must have the `g` flag. `replace` receives the match and its groups
 * (like `String.prototype.replace`) plus the full text and offset, and returns the replacement; by default the whole
 * match becomes `[REDACTED:<name>]`.
 */
export interface RedactionRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace?: (match: string, groups: readonly (string | undefined)[], text: string, offset: number) => string;
}

/** Removes secrets from text and JSON values. Pure: inputs are never modified. */
export interface Redactor {
  /** Returns `text` with every secret replaced; benign text is returned unchanged (the same string). */
  redactText(text: string): string;
  /**
   * Returns `value` with secrets replaced in every string (keys kept), and the whole value of sensitive keys
   * (`password`, `apiKey`, `authorization`, …) replaced. Unchanged parts keep their identity.
   */
  redact<T extends JsonValue>(value: T): T;
}

/** Options for {@link createRedactor}. */
export interface RedactorOptions {
  /** Replaces the default rules entirely (see {@link defaultRedactionRules}). */
  rules?: readonly RedactionRule[];
  /** Added after the rules (default or given). */
  extraRules?: readonly RedactionRule[];
  /**
   * Decides whether the string value under an object key is replaced whole. Default: {@link isSensitiveKey}
   * (password, secret, token, apiKey, authorization, cookie, private key, credentials, …).
   */
  isSensitiveKey?: (key: string) => boolean;
  /** The text that replaces a secret found by `rule`. Default: `[REDACTED:<rule>]`. */
  replacement?: (rule: string) => string;
}

const defaultReplacement = (rule: string): string => `[REDACTED:${rule}]`;

// Keys whose values are secrets whatever they look like.
const STRONG_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'apikey',
  'accesskey',
  'privatekey',
  'secretkey',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'sessiontoken',
]);
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'client']);

/**
 * True for object keys whose string values are secrets: any word of the key (camelCase, snake_case, kebab-case) is
 * one of password, passwd, pwd, passphrase, secret, credential(s), authorization, cookie; or the key ends in `token`
 * (`accessToken`, `x-auth-token`, not `maxTokens`); or in `key` after api/access/private/secret/signing/encryption/
 * master/client.
 */
export function isSensitiveKey(key: string): boolean {
  const words = key
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  if (words.length === 0) return false;
  if (words.some((w) => STRONG_WORDS.has(w))) return true;
  const last = words[words.length - 1];
  if (last === 'token') return true;
  if (last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2] as string)) return true;
  return false;
}

// Object keys repeat a lot (the same record shapes over and over): remember the verdict for the first 4,096.
function cachedSensitiveKey(): (key: string) => boolean {
  const cache = new Map<string, boolean>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = isSensitiveKey(key);
      if (cache.size < 4096) cache.set(key, v);
    }
    return v;
  };
}

/** Shannon entropy of `s` in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** True if `s` looks like a generated credential rather than a word, number, path or hash. */
export function looksLikeCredential(s: string, minLength = 8): boolean {
  if (s.length < minLength) return false;
  const hasLetter = /[A-Za-z]/.test(s);
  const hasDigit = /\d/.test(s);
  if (!hasLetter || !hasDigit) return s.length >= 20 && shannonEntropy(s) >= 3.5 && !/^[a-z]+$/i.test(s);
  return true;
}

// Random tokens switch between lower case, upper case and digits at about 62% of positions; identifiers
// (`handleSubmitButtonClickV2`) and paths at about 30%. Hex hashes and UUIDs (no upper case) are left alone.
function looksLikeHighEntropyToken(s: string): boolean {
  if (!/[a-z]/.test(s) || !/[A-Z]/.test(s) || !/\d/.test(s)) return false;
  let changes = 0;
  for (let i = 1; i < s.length; i++) if (charClass(s.charCodeAt(i)) !== charClass(s.charCodeAt(i - 1))) changes++;
  return changes / (s.length - 1) >= 0.4 && shannonEntropy(s) >= 4;
}

function charClass(c: number): number {
  if (c >= 97 && c <= 122) return 0;
  if (c >= 65 && c <= 90) return 1;
  if (c >= 48 && c <= 57) return 2;
  return 3;
}

// Issuer prefixes and lengths of the card networks (Visa, Mastercard, Amex, Diners, JCB, Discover, UnionPay): keeps
// epoch timestamps, phone numbers and order ids that happen to pass the Luhn check from being taken for cards.
const CARD_SHAPE = /^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2[2-7]\d{14}|3[47]\d{13}|3[0689]\d{12,14}|35\d{14,17}|6\d{15,18})$/;

/** A payment card number: a network's prefix and length, and a valid Luhn checksum. */
function isCardNumber(digits: string): boolean {
  if (!CARD_SHAPE.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A US social security number that the SSA could have issued (area not 000, 666 or 9xx; group and serial not 0). */
function isSsn(text: string): boolean {
  const [area = '', group = '', serial = ''] = text.split('-');
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000' && !/^(\d)\1+$/.test(area + group + serial);
}

// IBAN length per country (ISO 13616 registry).
const IBAN_LENGTHS: Record<string, number> = Object.fromEntries(
  'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20'
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

/** An IBAN whose length fits its country's and whose ISO 13616 mod-97 check digits are valid. */
function isIban(text: string): boolean {
  const iban = text.replace(/ /g, '');
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

// Cookie attributes, which are not credentials.
const COOKIE_ATTRIBUTES = /^(?:path|domain|expires|max-age|samesite|secure|httponly|priority|partitioned|version|comment)$/i;

const CODE_LITERALS = new Set(['null', 'undefined', 'true', 'false', 'none', 'nil', 'this', 'self', 'env']);

function looksLikeCode(value: string, text: string, end: number): boolean {
  if (CODE_LITERALS.has(value.toLowerCase())) return true;
  // a call (`getPassword()`) or a member path (`input.value`, `process.env.DB_PASSWORD`) is code, not a secret
  if (text[end] === '(') return true;
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (value.startsWith('$') || value.startsWith('%') || value.startsWith('{{')) return true;
  return false;
}

const STRONG_KEY = /(?:password|passwd|pwd|passphrase|secret|credentials?)/i;

/**
 * The default rules, in the order they run:
 * PEM blocks (private keys, certificates), passwords in URLs of any scheme (`postgres://user:pw@host`), JWTs,
 * `Bearer`/`Basic`/`Token` credentials, provider keys (OpenAI/Anthropic `sk-…`, AWS access key ids, GitHub `ghp_…`/
 * `github_pat_…`, GitLab `glpat-…`, Slack `xox?-…` and webhooks, Stripe `sk_live_…`, Google `AIza…`, npm `npm_…`,
 * Hugging Face `hf_…`, SendGrid `SG.…`, Twilio `SK…`, Mailgun `key-…`, Shopify `shpat_…`, DigitalOcean `dop_v1_…`,
 * Databricks `dapi…`, age `AGE-SECRET-KEY-1…`, Discord bot tokens, Square `sq0atp-…`, Vault `hvs.…`, other
 * `<prefix>_<long random>` and `<PREFIX>-<long random>` keys), `-u user:password`, `--password value`,
 * `mysql -pPASSWORD` and `sshpass -p` on command lines, session cookies in `Cookie:`/`Set-Cookie:` headers,
 * `key = value` assignments whose key names a secret (password, secret, token, api_key, access_key, private_key,
 * client_secret, account_key, credentials, …), e-mail addresses (internationalised too), payment card numbers
 * (Luhn-checked), US social security numbers, IBANs (mod-97-checked), and long high-entropy tokens standing alone.
 */
export const defaultRedactionRules: readonly RedactionRule[] = Object.freeze([
  {
    name: 'pem',
    pattern: /-----BEGIN[ A-Z0-9]{0,64}-----[\s\S]*?(?:-----END[ A-Z0-9]{0,64}-----|$)/g,
  },
  {
    name: 'url-password',
    pattern: /\b([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/)([^\s:/@?#]{0,256}):([^\s]{1,512}?)@(?=[^\s@/?#]{1,256}(?:[/?#\s"'`)\]>,;]|$))/g,
    replace: (_m, g) => `${g[0]}${g[1]}:[REDACTED:url-password]@`,
  },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,4096}/g },
  {
    name: 'bearer',
    pattern: /\b(Bearer|Basic|Token|Digest)(\s+)(?=[A-Za-z0-9._~+/=-]{0,1024}\d)([A-Za-z0-9._~+/=-]{12,2048})/gi,
    replace: (_m, g) => `${g[0]}${g[1]}[REDACTED:bearer]`,
  },
  { name: 'openai-key', pattern: /\bsk-[A-Za-z0-9_-]{20,512}/g },
  { name: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b/g },
  { name: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { name: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,255}/g },
  { name: 'slack-token', pattern: /\b(?:xox[abposre]-[A-Za-z0-9-]{10,255}|xapp-\d-[A-Za-z0-9-]{10,255})/g },
  { name: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{8,255}/g },
  { name: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,255}/g },
  { name: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { name: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { name: 'huggingface-token', pattern: /\bhf_[A-Za-z0-9]{30,255}\b/g },
  { name: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{16,128}/g },
  { name: 'twilio-key', pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  { name: 'mailgun-key', pattern: /\bkey-[0-9a-zA-Z]{32}\b/g },
  { name: 'shopify-token', pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g },
  { name: 'digitalocean-token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { name: 'databricks-token', pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { name: 'age-secret-key', pattern: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g },
  { name: 'discord-token', pattern: /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g },
  { name: 'square-token', pattern: /\bsq0(?:atp|csp|idp)-[A-Za-z0-9_-]{22,64}/g },
  { name: 'vault-token', pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,512}/g },
  {
    // Keys of the `<UPPER PREFIX>-<long random>` family (New Relic `NRAK-…`, Postman `PMAK-…`, Flutterwave
    // `FLWSECK-…`, …): an upper-case prefix, a dash and a random part of ≥ 24 letters and digits with both, ≥ 3.5 bits/char.
    name: 'upper-prefixed-token',
    pattern: /\b([A-Z][A-Z0-9]{2,11}(?:_TEST)?-)([A-Za-z0-9]{24,512})(?:-[A-Za-z0-9]{1,8})?\b/g,
    replace: (m, g) => {
      const body = g[1] ?? '';
      if (!/\d/.test(body) || !/[A-Za-z]/.test(body) || /^[0-9a-f]+$/i.test(body)) return m;
      return shannonEntropy(body) >= 3.5 ? '[REDACTED:upper-prefixed-token]' : m;
    },
  },
  {
    // Provider keys of the `<prefix>_<random>` family not named above (`pcsk_…`, `gsk_…`, `lsv2_pt_…`, `shpat_…`,
    // `dckr_pat_…`, `sbp_…`, …): a short lower-case prefix and a long random part. Labelled hashes are left alone.
    name: 'prefixed-token',
    pattern: /\b([a-z][a-z0-9]{1,11}(?:[_-][a-z0-9]{1,12}){0,2}[_-])([A-Za-z0-9]{30,512})\b/g,
    replace: (m, g) => {
      const [prefix = '', body = ''] = g;
      if (/^(?:sha\d*|md5|hash|digest|commit|rev|revision|uuid|guid|id|build|etag|checksum|crc\d*)[_-]/i.test(prefix)) return m;
      // Hex alone is a content hash (`index-3f2a…9c.js`) as often as a key; keys of this family are base62.
      if (!/\d/.test(body) || !/[a-z]/i.test(body) || /^[0-9a-f]+$/i.test(body)) return m;
      return shannonEntropy(body) >= 3.5 ? '[REDACTED:prefixed-token]' : m;
    },
  },
  {
    // curl / wget / httpie style `-u user:password` (the user is kept).
    name: 'cli-user-password',
    pattern: /(^|\s)(-u|--user|--http-user)([ \t]+|=)(["']?)([^\s:"']{1,256}):([^\s"']{1,512})/g,
    // `-u 1000:1000` is a uid:gid (docker, chown), not a login.
    replace: (m, g) =>
      /^\d+$/.test(g[4] ?? '') && /^\d+$/.test(g[5] ?? '') ? m : `${g[0]}${g[1]}${g[2]}${g[3]}${g[4]}:[REDACTED:cli-user-password]`,
  },
  {
    // `--password value`, `--token value`, `--api-key value`, … given as the next word on a command line.
    name: 'cli-secret-flag',
    // A shell variable or template (`--token $TOKEN`, `--password {{ pw }}`) is not a secret.
    pattern: /(^|\s)(--(?:password|passwd|pass|secret|client-secret|token|auth-token|access-token|api-key|apikey|access-key|secret-key))([ \t]+)(["']?)([^\s"'$%{<-][^\s"']{0,511})/gi,
    replace: (_m, g) => `${g[0]}${g[1]}${g[2]}${g[3]}[REDACTED:cli-secret-flag]`,
  },
  {
    // The MySQL/MariaDB clients take the password glued to `-p` (`mysql -u root -pS3cret`); sshpass takes `-p word`.
    name: 'cli-password-flag',
    pattern: /\b((?:mysql(?:dump|admin|import|check|show|slap)?|mariadb(?:-dump|-admin)?)\b[^\n|;&]{0,256}?\s-p)([^\s"']{1,256})|\b(sshpass[ \t]+-p[ \t]*)(["']?)([^\s"']{1,256})/g,
    replace: (_m, g) => (g[0] !== undefined ? `${g[0]}[REDACTED:cli-password-flag]` : `${g[2]}${g[3]}[REDACTED:cli-password-flag]`),
  },
  {
    // Cookie and Set-Cookie headers: values of session-like cookies, and any value that looks generated.
    name: 'cookie',
    pattern: /\b((?:set-)?cookie:[ \t]*)([^\r\n]{1,4096})/gi,
    replace: (m, g) => {
      const [head = '', pairs = ''] = g;
      let changed = false;
      const out = pairs.replace(/(^|;[ \t]*)([^=;\s]{1,128})=("?)([^;\s"]{1,2048})\3/g, (pair, sep: string, name: string, q: string, value: string) => {
        if (COOKIE_ATTRIBUTES.test(name) || value.startsWith('[REDACTED')) return pair;
        if (!/sess|sid|auth|token|jwt|csrf|xsrf|login|remember|secret|key/i.test(name) && !looksLikeCredential(value, 12)) return pair;
        changed = true;
        return `${sep}${name}=${q}[REDACTED:cookie]${q}`;
      });
      return changed ? `${head}${out}` : m;
    },
  },
  {
    // YAML / properties style: the value runs to the end of the line (`password: correct horse battery`).
    name: 'secret-line',
    pattern:
      /^([ \t-]{0,16}["']?[\w.-]{0,40}?(?:password|passwd|pwd|passphrase|secret|credentials?)[\w.-]{0,40}?["']?[ \t]{0,8}:[ \t]{1,8})([^\s'"#|>&*!{[][^\n]{0,1023}?)[ \t]*$/gim,
    replace: (m, g) => (/^(null|~|true|false)$/i.test(g[1] ?? '') ? m : `${g[0]}[REDACTED:secret-line]`),
  },
  {
    name: 'secret-assignment',
    pattern:
      /\b([\w.-]{0,40}?(?:password|passwd|pwd|passphrase|secret|credentials?|token|api[_-]?key|access[_-]?key|private[_-]?key|signing[_-]?key|client[_-]?secret|account[_-]?key|encryption[_-]?key|master[_-]?key|sig(?=["']?[ \t]{0,8}=)|signature)[\w.-]{0,40}?)(["']?[ \t]{0,8}(?:=(?![=>~])|:(?![:/]))[ \t]{0,8})(?:"([^"\n]{1,1024})"|'([^'\n]{1,1024})'|((?:[^\s"'`,;&<>(){}[\]]|[,;&](?![\w .-]{1,40}=)(?=[^\s"'`,;&<>(){}[\]])){1,1024}))/gi,
    replace: (m, g, text, offset) => {
      const [key = '', sep = '', dq, sq, bare] = g;
      const quoted = dq ?? sq;
      const value = quoted ?? bare ?? '';
      const strong = STRONG_KEY.test(key) && !/tokens?$/i.test(key);
      if (quoted === undefined && looksLikeCode(value, text, offset + m.length)) return m;
      if (!strong && !looksLikeCredential(value)) return m;
      const q = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
      return `${key}${sep}${q}[REDACTED:secret-assignment]${q}`;
    },
  },
  {
    // Internationalised addresses too (`josé@exämple.com`).
    name: 'email',
    pattern: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}(?![\p{L}\p{N}])/gu,
  },
  {
    // Payment card numbers: 13–19 digits, optionally grouped by spaces or dashes, that pass the Luhn check.
    name: 'card-number',
    pattern: /(?<![\d.-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    replace: (m) => (isCardNumber(m.replace(/[ -]/g, '')) ? '[REDACTED:card-number]' : m),
  },
  {
    // US social security numbers written as ddd-dd-dddd, in ranges the SSA issues.
    name: 'ssn',
    pattern: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g,
    replace: (m) => (isSsn(m) ? '[REDACTED:ssn]' : m),
  },
  {
    // International bank account numbers (grouped by spaces or not) with valid mod-97 check digits.
    name: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    replace: (m) => (isIban(m) ? '[REDACTED:iban]' : m),
  },
  {
    name: 'high-entropy',
    pattern: /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,1024}(?![A-Za-z0-9+/_=-])/g,
    replace: (m) => (looksLikeHighEntropyToken(m) ? '[REDACTED:high-entropy]' : m),
  },
]);

interface CompiledRule {
  name: string;
  pattern: RegExp;
  replace: RedactionRule['replace'];
}

/**
 * Builds a redactor. A combined pre-check regex makes benign strings cost one scan; only strings that may hold a
 * secret run the individual rules.
 *
 * @example
 * const redactor = createRedactor({ extraRules: [{ name: 'ticket', pattern: /\bTCK-\d{6}\b/g }] })
 * redactor.redactText('password=hunter2 TCK-123456') // 'password=[REDACTED:secret-assignment] [REDACTED:ticket]'
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const rules: CompiledRule[] = [...(options.rules ?? defaultRedactionRules), ...(options.extraRules ?? [])].map(
    (rule, i) => {
      if (!rule || typeof rule.name !== 'string' || !(rule.pattern instanceof RegExp)) {
        throw new TypeError(`redaction rule ${i} needs a name and a RegExp pattern`);
      }
      const flags = rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`;
      return { name: rule.name, pattern: new RegExp(rule.pattern.source, flags), replace: rule.replace };
    },
  );
  const replacement = options.replacement ?? defaultReplacement;
  const sensitive = options.isSensitiveKey ?? cachedSensitiveKey();
  // With the default rules, they are covered by DEFAULT_PRECHECK; only extra rules need their own scan.
  const precheck =
    options.rules === undefined
      ? buildPrecheck(rules.slice(defaultRedactionRules.length), defaultPrecheck)
      : buildPrecheck(rules, undefined);

  const redactText = (text: string): string => {
    if (text.length < 6 || !precheck(text)) return text;
    let out = text;
    for (const rule of rules) {
      rule.pattern.lastIndex = 0;
      if (!rule.pattern.test(out)) continue;
      rule.pattern.lastIndex = 0;
      const custom = rule.replace;
      out = out.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
        // rest = [...groups, offset, whole, namedGroups?]
        const named = typeof rest[rest.length - 1] === 'object' && rest[rest.length - 1] !== null;
        const whole = rest[rest.length - (named ? 2 : 1)] as string;
        const offset = rest[rest.length - (named ? 3 : 2)] as number;
        const groups = rest.slice(0, rest.length - (named ? 3 : 2)) as (string | undefined)[];
        if (!custom) return replacement(rule.name);
        const r = custom(match, groups, whole, offset);
        return options.replacement && r !== match ? r.replaceAll(`[REDACTED:${rule.name}]`, replacement(rule.name)) : r;
      });
    }
    return out;
  };

  const redactValue = (value: JsonValue, depth: number): JsonValue => {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object' || depth > 256) return value;
    if (Array.isArray(value)) {
      let copy: JsonValue[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = value[i] as JsonValue;
        const r = redactValue(v, depth + 1);
        if (r !== v) {
          copy ??= value.slice();
          copy[i] = r;
        }
      }
      return copy ?? value;
    }
    let copy: Record<string, JsonValue> | undefined;
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, JsonValue>)[key] as JsonValue;
      const r =
        typeof v === 'string' && v.length > 0 && sensitive(key) ? replacement('sensitive-key') : redactValue(v, depth + 1);
      if (r !== v) {
        copy ??= { ...value };
        copy[key] = r;
      }
    }
    return copy ?? value;
  };

  return {
    redactText: (text) => redactText(text),
    redact: <T extends JsonValue>(value: T): T => redactValue(value, 0) as T,
  };
}

// Something every default rule needs in order to match (a literal prefix, a keyword, an `@`, a 32-character token
// run, a run of card digits, a dotted bot token): a superset of the rules' matches, so a miss proves the text is
// clean. Cheapest scans first.
const DEFAULT_LITERALS =
  /-----BEGIN|:\/\/|eyJ|sk-|A(?:KIA|SIA|BIA|CCA|GPA|IDA|ROA|IPA|NPA|NVA|PKA)|gh[pousr]_|github_pat_|glpat-|xox|xapp-|_live_|_test_|AIza|npm_|hf_|SG\.|AGE-SECRET|-u\s|--user|--http-user|@|sq0|hv[sbr]\.|\s-p\S|[A-Z]{2}\d{2} ?[A-Z0-9]{4}/;
const DEFAULT_KEYWORDS = /pass|pwd|secret|credential|token|key|bearer|basic|digest|cookie|signature|sig=|mysql|mariadb/i;
const SSN_RUN = /\d{3}-\d{2}-\d{4}/;
const TOKEN_RUN = /[A-Za-z0-9+/_=-]{32}/;
const CARD_RUN = /\d(?:[ -]?\d){12}/;
const DOTTED_TOKEN = /[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\./;
const defaultPrecheck = (text: string): boolean =>
  DEFAULT_LITERALS.test(text) ||
  DEFAULT_KEYWORDS.test(text) ||
  (text.length >= 32 && TOKEN_RUN.test(text)) ||
  (text.length >= 13 && CARD_RUN.test(text)) ||
  (text.length >= 11 && SSN_RUN.test(text)) ||
  (text.length >= 59 && DOTTED_TOKEN.test(text));

// One scan per group of rules sharing flags, so most benign strings never reach the per-rule loop. Rules whose
// source uses backreferences cannot be combined and always run. The default rules use a hand-written pre-check.
function buildPrecheck(rules: CompiledRule[], defaults: ((text: string) => boolean) | undefined): (text: string) => boolean {
  const byFlags = new Map<string, string[]>();
  let always = false;
  for (const rule of rules) {
    if (/\\[1-9]|\\k</.test(rule.pattern.source)) {
      always = true;
      continue;
    }
    const flags = rule.pattern.flags.replace(/[gy]/g, '');
    const list = byFlags.get(flags) ?? [];
    list.push(`(?:${rule.pattern.source})`);
    byFlags.set(flags, list);
  }
  if (always) return () => true;
  const checks = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
  if (!defaults) return (text) => checks.some((re) => re.test(text));
  if (checks.length === 0) return defaults;
  return (text) => defaults(text) || checks.some((re) => re.test(text));
}

/** The redactor with {@link defaultRedactionRules} and {@link isSensitiveKey}. */
export const defaultRedactor: Redactor = createRedactor();
