import { describe, expect, it } from 'vitest';
import { createRedactor, defaultRedactor, isSensitiveKey, shannonEntropy } from './redact.js';

const r = defaultRedactor;

// Secrets in many formats. Several are deliberately not the shapes the rules were written from (other providers,
// other schemes, other key names), so the generic rules (key = value, URL passwords, PEM, entropy) are exercised.
const SECRETS: [label: string, text: string, secret: string][] = [
  ['OpenAI project key', 'OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv'],
  ['Anthropic key in prose', 'use sk-ant-api03-Zz91Yy82Xx73Ww64Vv55Uu46 for claude', 'sk-ant-api03-Zz91Yy82Xx73Ww64Vv55Uu46'],
  ['AWS access key id', 'creds AKIAZ7Q4M2N8P3R5T6V1 leaked', 'AKIAZ7Q4M2N8P3R5T6V1'],
  ['AWS secret (bare)', 'secret is h3Kq9Lm2Np7Rs4Tv8Wx1Yz6Ab5Cd0Ef/Gh+Ij9Kl', 'h3Kq9Lm2Np7Rs4Tv8Wx1Yz6Ab5Cd0Ef/Gh+Ij9Kl'],
  ['GitHub classic', 'git clone with ghp_R8s7T6u5V4w3X2y1Z0a9B8c7D6e5F4g3H2i1', 'ghp_R8s7T6u5V4w3X2y1Z0a9B8c7D6e5F4g3H2i1'],
  ['GitHub fine-grained', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv'],
  ['GitLab', 'CI uses glpat-x1Y2z3A4b5C6d7E8f9G0', 'glpat-x1Y2z3A4b5C6d7E8f9G0'],
  ['Slack bot', 'xoxb-2048-4096-AbCdEfGhIjKl', 'xoxb-2048-4096-AbCdEfGhIjKl'],
  ['Stripe live', 'charge with rk_live_51HqLyjWDarjtT1zdp7dc', 'rk_live_51HqLyjWDarjtT1zdp7dc'],
  ['Google API key', 'maps key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'],
  ['npm token', '//registry.npmjs.org/:_authToken=npm_aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2', 'npm_aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2'],
  ['Hugging Face', 'HF hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345', 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345'],
  ['SendGrid', 'SG.aBcDeFgHiJkLmNoPqRsTuV.wXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ01234', 'SG.aBcDeFgHiJkLmNoPqRsTuV'],
  ['Bearer header', 'Authorization: Bearer 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c', '4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'],
  ['Basic header', 'curl -H "Authorization: Basic dXNlcjpwYXNzd29yZDEyMw=="', 'dXNlcjpwYXNzd29yZDEyMw=='],
  ['JWT', 'cookie=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLWJ5dGVz', 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9'],
  ['RSA PEM', 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2c3\nd4e5f6g7\n-----END RSA PRIVATE KEY-----\ndone', 'MIIEowIBAAKCAQEA1b2c3'],
  ['OpenSSH key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAA'],
  ['PGP block', '-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF0abc\n=Xyz1\n-----END PGP PRIVATE KEY BLOCK-----', 'lQOYBF0abc'],
  ['truncated PEM', 'pasted -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5', 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5'],
  ['postgres URL', 'DATABASE_URL=postgres://app:Tr0ub4dor@db.internal:5432/prod', 'Tr0ub4dor'],
  ['mysql URL in JDBC', 'jdbc:mysql://root:rootpw42@10.0.0.5:3306/shop', 'rootpw42'],
  ['mongodb+srv', 'mongodb+srv://svc:n0t-s0-s3cret@cluster0.ab1cd.mongodb.net/?retryWrites=true', 'n0t-s0-s3cret'],
  ['redis no user', 'redis://:hunter2hunter2@cache:6379', 'hunter2hunter2'],
  ['amqp with @ in password', 'amqp://guest:p@ss:w0rd@rabbit.local/vhost', 'p@ss:w0rd'],
  ['https basic auth URL', 'fetch https://deploy:Xy7-Zq9_Ab1@example.com/hook', 'Xy7-Zq9_Ab1'],
  ['ADO.NET', 'Server=tcp:db;Database=x;User ID=sa;Password=Sup3r$ecret;Encrypt=true', 'Sup3r$ecret'],
  ['JDBC param', 'jdbc:postgresql://db/app?user=svc&password=abcXYZ123&ssl=true', 'abcXYZ123'],
  ['password in YAML', 'db:\n  password: correct horse battery\n  host: db', 'correct horse battery'],
  ['quoted JSON secret', '{"client_secret": "f0o-b4r-b4z-qux"}', 'f0o-b4r-b4z-qux'],
  ['generic key= hex token', 'DD_API_KEY=8f14e45fceea167a5a36dedd4bea2543', '8f14e45fceea167a5a36dedd4bea2543'],
  ['generic token: header', 'X-Auth-Token: 7c9e6679f4254a2e9b1d3f0e8a6c5b4d', '7c9e6679f4254a2e9b1d3f0e8a6c5b4d'],
  ['generic access key', "ACCESS_KEY='Q2xpZW50S2V5MTIzNDU2'", 'Q2xpZW50S2V5MTIzNDU2'],
  ['bare high-entropy token', 'the webhook secret is Lk8vQ2xR9mN4pT7wZ1yB6cF3hJ0sD5gA', 'Lk8vQ2xR9mN4pT7wZ1yB6cF3hJ0sD5gA'],
  ['Azure storage key (no rule names it)', 'AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1O==;', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1O'],
  ['signing key', 'JWT_SIGNING_KEY=2b7e151628aed2a6abf7158809cf4f3c', '2b7e151628aed2a6abf7158809cf4f3c'],
  ['email', 'mail ops-team+alerts@corp.example.co.uk now', 'ops-team+alerts@corp.example.co.uk'],
  ['passphrase', 'passphrase = "to be or not to be"', 'to be or not to be'],
  ['Twilio API key', 'twilio SKa1b2c3d4e5f60718293a4b5c6d7e8f90 in use', 'SKa1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['Mailgun key', 'mg key-3ax6xnjp29jd6fds4gc373sgvjxteol0 set', 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0'],
  ['Shopify admin token', 'X-Shopify-Access 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', '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'],
  ['DigitalOcean token', `doctl auth init -t dop_v1_${'9a'.repeat(32)}`, `dop_v1_${'9a'.repeat(32)}`],
  ['Databricks token', 'host=adb-1.azuredatabricks.net tok dapi5e3c1a2b4d6f8a0c2e4b6d8f0a1c3e5b', 'dapi5e3c1a2b4d6f8a0c2e4b6d8f0a1c3e5b'],
  ['age identity', `AGE-SECRET-KEY-1${'QZ9'.repeat(19)}Q`, `AGE-SECRET-KEY-1${'QZ9'.repeat(19)}Q`],
  ['Discord bot token', 'client.login("NzkyNzE1NDU0MTk2MDg4ODQy.X-hvzA.Ovy4MCQywSkoMRRclStW4xAYK7I")', 'NzkyNzE1NDU0MTk2MDg4ODQy.X-hvzA.Ovy4MCQywSkoMRRclStW4xAYK7I'],
  ['Slack app token', 'SOCKET xapp-1-A02B3C4D5E6-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'xapp-1-A02B3C4D5E6-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
  ['Pinecone key (prefix family)', 'pc = Pinecone(pcsk_4Xq9Zr_7TbWnLm3Yc8Vd2Ks5Hj6Gf1Pa0Qe9Rt8Yu7Io6)', 'Lm3Yc8Vd2Ks5Hj6Gf1Pa0Qe9Rt8Yu7Io6'],
  ['Docker PAT (prefix family)', 'echo dckr_pat_Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1Jj0Hh | docker login', 'dckr_pat_Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1Jj0Hh'],
  ['curl -u user:password', "curl -u 'deployer:N0t-4-Publ1c' https://ci.example/api", 'N0t-4-Publ1c'],
  ['wget --user', 'wget --http-user=ci --http-password=x https://h --user=ci:S3cr3tPass', 'S3cr3tPass'],
  ['password with & and ;', 'export ADMIN_PASSWORD=Tr0ub4dor&3;x', 'Tr0ub4dor&3;x'],
  ['international e-mail', 'écrire à renée.durand@exämple.fr demain', 'renée.durand@exämple.fr'],
  ['Visa card', 'paid with 4111-1111-1111-1111 on file', '4111-1111-1111-1111'],
  ['Amex card', 'amex 3782 822463 10005', '3782 822463 10005'],
  ['Set-Cookie session', 'Set-Cookie: sid=s%3AQm9vLmJhci5iYXo.Xk9vLmJhci5iYXoxMjM0NTY; Path=/; HttpOnly', 's%3AQm9vLmJhci5iYXo'],
  ['Cookie header', 'Cookie: theme=dark; auth_session=7f3e9a1c2b; lang=en', '7f3e9a1c2b'],
  ['Square access token', 'SQUARE_TOKEN sq0atp-4dQx9ZbR2kLm7NvT1pWc8y', 'sq0atp-4dQx9ZbR2kLm7NvT1pWc8y'],
  ['New Relic key (upper-prefix family)', 'newrelic NRAK-7Q2W9E4R1T6Y3U8I5O0P2A7S4D9', 'NRAK-7Q2W9E4R1T6Y3U8I5O0P2A7S4D9'],
  ['Postman key (upper-prefix family)', 'PMAK-64a1f2e3b4c5d6e7f8a9b0c1-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e', '64a1f2e3b4c5d6e7f8a9b0c1'],
  ['Vault token', 'VAULT_ADDR=https://v:8200 vault login hvs.CAESIJ9f2kQm7Xc4Vb1Nz8Ls5Hd3Ga6', 'hvs.CAESIJ9f2kQm7Xc4Vb1Nz8Ls5Hd3Ga6'],
  ['mysql -p<password>', 'mysqldump -h db -u root -pW1nter2024! shop > dump.sql', 'W1nter2024!'],
  ['sshpass -p', "sshpass -p 'r00tPa55' ssh admin@10.0.0.9", 'r00tPa55'],
  ['--password as next word', 'mongo --username admin --password Hunter2Hunter2 --host db', 'Hunter2Hunter2'],
  ['--token as next word', 'gh auth --token 9b7c5a3e1f --hostname github.example', '9b7c5a3e1f'],
  ['Azure SAS signature', 'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-12-01&sig=Jq9Xk2Lm7Np4Rs1Tv8Wx3Yz6Ab5Cd0Ef%3D', 'Jq9Xk2Lm7Np4Rs1Tv8Wx3Yz6Ab5Cd0Ef'],
  ['US SSN', 'customer SSN 219-09-9999 verified', '219-09-9999'],
  ['IBAN grouped', 'wire to GB82 WEST 1234 5698 7654 32 today', 'GB82 WEST 1234 5698 7654 32'],
  ['IBAN compact', 'iban=DE89370400440532013000;', 'DE89370400440532013000'],
];

const BENIGN = [
  'Generate a REST backend with login and register routes',
  'function add(a, b) {\n  return a + b;\n}\nexport const total = items.reduce((s, x) => s + x.price, 0);',
  'const password = getPassword();',
  'if (user.password === input.password) return ok;',
  'max_tokens: 1024, temperature: 0.2',
  'The token was refreshed after 30 minutes.',
  'Token authentication failed for the request',
  'commit 3f786850e387550fdab836ed7e6dc881de23001b',
  'request id 123e4567-e89b-12d3-a456-426614174000',
  'src/components/UserProfileSettings2.tsx:42:7',
  'const handleSubmitButtonClickEventV2Handler = () => {}',
  'see https://example.com/docs/getting-started?page=2#install',
  'postgres://db.internal:5432/app (no credentials)',
  '12 passed, 0 failed in 3.2 s',
  'tests: 156 total; secrets manager not configured',
  'db:\n  password: null\n  host: localhost',
  'Use the `apiKey` option to pass the key.',
  'dist/assets/index-9e107d9d372bb6826bd81d3542a419d6.js',
  'docker run -u 1000:1000 node:20',
  'startedAt 1732600000000 finishedAt 1732600001234',
  'sha256_9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'test_user_registration_with_valid_email_and_password_returns_201',
  'call 4155550132 or order 4929 1234 5678 9012',
  'GET /api/users?page=2&limit=50; 200 OK',
  'Cookie: theme=dark; lang=en-US',
  'mysql -u root -p -h db shop',
  'deploy --token $DEPLOY_TOKEN --password {{ vault_pw }}',
  'ISO-8859-1 and UTF-8 encodings; order ABC-123456 shipped',
  'dates 2026-11-26 and 2026-12-01; phone 415-555-0132; build 000-12-3456',
  'model GB82 v2, part AB12 CDEF GHIJ KLMN 12',
  'signal=9 signature_algorithm=RS256',
  '',
  'ok',
];

describe('defaultRedactor.redactText', () => {
  it.each(SECRETS)('removes %s', (_label, text, secret) => {
    const out = r.redactText(text);
    expect(out).not.toContain(secret);
    for (const part of secret.split(/\s+/).filter((p) => p.length > 3)) expect(out).not.toContain(part);
    expect(out).toMatch(/\[REDACTED:[a-z-]+\]/);
  });

  it.each(BENIGN.map((t) => [t]))('leaves benign text unchanged: %j', (text) => {
    expect(r.redactText(text)).toBe(text);
  });

  it('keeps the surrounding text and the scheme/user of connection strings', () => {
    expect(r.redactText('DATABASE_URL=postgres://app:Tr0ub4dor@db.internal:5432/prod')).toBe(
      'DATABASE_URL=postgres://app:[REDACTED:url-password]@db.internal:5432/prod',
    );
    expect(r.redactText('Authorization: Bearer 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c')).toBe(
      'Authorization: Bearer [REDACTED:bearer]',
    );
    expect(r.redactText('key:\n-----BEGIN RSA PRIVATE KEY-----\nAAA1\n-----END RSA PRIVATE KEY-----\ndone')).toBe(
      'key:\n[REDACTED:pem]\ndone',
    );
  });

  it('is idempotent', () => {
    for (const [, text] of SECRETS) {
      const once = r.redactText(text);
      expect(r.redactText(once)).toBe(once);
    }
  });

  it('stays linear on long adversarial strings (no catastrophic backtracking)', () => {
    const inputs = [
      'a'.repeat(100_000),
      'password'.repeat(10_000),
      'a.'.repeat(50_000),
      `${'x'.repeat(60_000)}@`,
      '4 '.repeat(50_000),
      'ab_'.repeat(30_000),
      ' -u a:'.repeat(15_000),
      `M${'a'.repeat(25)}.abcdef.`.repeat(3_000),
      'é@'.repeat(40_000),
    ];
    for (const s of inputs) {
      const t0 = performance.now();
      r.redactText(s);
      expect(performance.now() - t0).toBeLessThan(2_000);
    }
  });
});

describe('defaultRedactor.redact (JSON values)', () => {
  it('redacts nested objects, arrays and sensitive keys, keeping structure and benign values', () => {
    const input = {
      files: [{ path: 'src/db.ts', code: 'const url = "postgres://u:pw12345@h/db";\nexport default url;' }],
      config: { password: 'x', apiKey: 'short', maxTokens: 512, accessToken: 'abc', tokenizer: 'cl100k', nested: [[{ authorization: 'Basic Zm9vOmJhcg==' }]] },
      note: 'mail ana@example.com',
      count: 3,
      ok: true,
      none: null,
    };
    const out = r.redact(input);
    expect(out).toEqual({
      files: [{ path: 'src/db.ts', code: 'const url = "postgres://u:[REDACTED:url-password]@h/db";\nexport default url;' }],
      config: {
        password: '[REDACTED:sensitive-key]',
        apiKey: '[REDACTED:sensitive-key]',
        maxTokens: 512,
        accessToken: '[REDACTED:sensitive-key]',
        tokenizer: 'cl100k',
        nested: [[{ authorization: '[REDACTED:sensitive-key]' }]],
      },
      note: 'mail [REDACTED:email]',
      count: 3,
      ok: true,
      none: null,
    });
    expect(input.config.password).toBe('x'); // never mutated
  });

  it('returns the very same value when nothing needed redacting', () => {
    const value = { a: [1, 'two', { b: 'three' }], c: 'plain text' };
    expect(r.redact(value)).toBe(value);
  });
});

describe('createRedactor', () => {
  it('adds custom rules and a custom replacement', () => {
    const redactor = createRedactor({
      extraRules: [{ name: 'ticket', pattern: /\bTCK-\d{6}\b/g }],
      replacement: (rule) => `<${rule}>`,
    });
    expect(redactor.redactText('password=hunter2 see TCK-123456')).toBe('password=<secret-assignment> see <ticket>');
    expect(redactor.redact({ secret: 'x' })).toEqual({ secret: '<sensitive-key>' });
  });

  it('replaces the default rules when `rules` is given, and accepts a custom key policy', () => {
    const redactor = createRedactor({
      rules: [{ name: 'digits', pattern: /\d{4,}/, replace: () => '####' }],
      isSensitiveKey: (k) => k === 'ssn',
    });
    expect(redactor.redactText('card 4111111111111111, sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv')).toBe(
      'card ####, sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv',
    );
    expect(redactor.redact({ ssn: '12', password: 'kept' })).toEqual({ ssn: '[REDACTED:sensitive-key]', password: 'kept' });
  });

  it('runs rules with backreferences (not combinable into the pre-check)', () => {
    const redactor = createRedactor({ rules: [{ name: 'quoted', pattern: /(['"])s3cr3t\1/g }] });
    expect(redactor.redactText('x = "s3cr3t";')).toBe('x = [REDACTED:quoted];');
  });

  it('rejects malformed rules', () => {
    expect(() => createRedactor({ rules: [{ name: 'x', pattern: 'nope' as unknown as RegExp }] })).toThrow(TypeError);
  });
});

describe('helpers', () => {
  it('isSensitiveKey reads camelCase, snake_case and kebab-case words', () => {
    for (const k of ['password', 'DB_PASSWORD', 'clientSecret', 'x-auth-token', 'apiKey', 'api_key', 'privateKey', 'Authorization', 'set-cookie', 'credentials', 'pwd']) {
      expect(isSensitiveKey(k), k).toBe(true);
    }
    for (const k of ['maxTokens', 'tokens', 'tokenizer', 'keyDecisions', 'primaryKey', 'name', 'monkey', '', '---']) {
      expect(isSensitiveKey(k), k).toBe(false);
    }
  });

  it('shannonEntropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
