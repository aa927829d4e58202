import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRef, parseRepoPath, parseUrl, parseVersion } from '../../src/domain/argument-refs.js';
import {
  CreditType,
  parseCreditType,
  parseCveId,
  parseGhsaId,
  parseSeverity,
  parseTeam,
  parseUser,
  parseUserOrTeam,
} from '../../src/domain/arguments.js';
import { splitOptions, tokenize, type OptionSpec } from '../../src/domain/command-tokens.js';
import { type Parsed } from '../../src/domain/parsed.js';

const Z = '\u200b';

/** The value, or the error prefixed with `!`: compact enough for tables. */
function show<T>(result: Parsed<T>): T | string {
  return result.ok ? result.value : `!${result.error}`;
}

describe('tokenize', () => {
  it.each<[string, string, string[]]>([
    ['empty', '', []],
    ['only spaces', '   \t ', []],
    ['words', '2026-12-01  vendor\tasked', ['2026-12-01', 'vendor', 'asked']],
    ['double quotes', '2026-12-01 "vendor asked"', ['2026-12-01', 'vendor asked']],
    ['single quotes', "'a b' c", ['a b', 'c']],
    ['typographic double quotes', '“vendor asked” ok', ['vendor asked', 'ok']],
    ['German quotes', '„bitte warten“', ['bitte warten']],
    ['typographic single quotes with an apostrophe', '‘it’s fine’', ['it’s fine']],
    ['an apostrophe inside a word', "reporter's setup", ["reporter's", 'setup']],
    ['an apostrophe inside single quotes', "'it's here' x", ["it's here", 'x']],
    ['an escaped double quote', '"say \\"hi\\"" x', ['say "hi"', 'x']],
    ['an escaped backslash', '"a\\\\b"', ['a\\b']],
    ['other backslashes are literal', '"a\\nb" C:\\x', ['a\\nb', 'C:\\x']],
    ['single quotes have no escapes', "'a\\' b", ['a\\', 'b']],
    ['an empty quoted word', '"" x', ['', 'x']],
    [
      'a quoted option value',
      '--reason="vendor asked" --force',
      ['--reason=vendor asked', '--force'],
    ],
    ['a quote closes only before a space', '"a"b c"', ['a"b c']],
    ['a no-break space separates', 'a\u00a0b', ['a', 'b']],
  ])('%s', (_label, input, expected) => {
    expect(tokenize(input)).toEqual({ ok: true, tokens: expected });
  });

  it.each<[string, string]>([
    ['"vendor asked', 'Unclosed quote " in `"vendor asked`; close it or remove it'],
    ["x 'abc", "Unclosed quote ' in `'abc`; close it or remove it"],
    ['“open', 'Unclosed quote “ in `“open`; close it or remove it'],
  ])('refuses %s', (input, error) => {
    expect(tokenize(input)).toEqual({ ok: false, error });
  });

  it('shows at most 40 characters of the text in an error, neutralised', () => {
    const result = tokenize(`"@octocat ${'x'.repeat(100)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('@\u200boctocat');
      expect(result.error).toContain('… (truncated)');
      expect(result.error.length).toBeLessThan(120);
    }
  });

  it('round-trips any string through double quotes', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const quoted = `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
        expect(tokenize(quoted)).toEqual({ ok: true, tokens: [text] });
      }),
    );
  });

  it('splits unquoted words like whitespace does', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9.,:/@-]{1,10}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        expect(tokenize(words.join(' '))).toEqual({ ok: true, tokens: words });
      }),
    );
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => void tokenize(text)));
  });
});

describe('splitOptions', () => {
  const spec: OptionSpec = { test: 'string', force: 'boolean', 'resolve-by': 'string' };

  it.each<[string, string[], { positional: string[]; options: Record<string, string | boolean> }]>([
    ['positional only', ['a', 'b'], { positional: ['a', 'b'], options: {} }],
    [
      'a string option with a space',
      ['abc', '--test', 't.ts'],
      { positional: ['abc'], options: { test: 't.ts' } },
    ],
    [
      'a string option with =',
      ['--test=t.ts', 'abc'],
      { positional: ['abc'], options: { test: 't.ts' } },
    ],
    ['an empty value with =', ['--test='], { positional: [], options: { test: '' } }],
    ['a switch', ['--force', 'why'], { positional: ['why'], options: { force: true } }],
    [
      'upper case and underscores',
      ['--RESOLVE_BY', '2026-12-01'],
      { positional: [], options: { 'resolve-by': '2026-12-01' } },
    ],
    ['an em dash from a phone', ['\u2014force'], { positional: [], options: { force: true } }],
    ['an en dash from a phone', ['\u2013test', 'x'], { positional: [], options: { test: 'x' } }],
    ['-- ends options', ['--', '--force'], { positional: ['--force'], options: {} }],
    ['a single dash is positional', ['-', '-5'], { positional: ['-', '-5'], options: {} }],
  ])('%s', (_label, tokens, expected) => {
    expect(splitOptions(tokens, spec)).toEqual({ ok: true, ...expected });
  });

  it.each<[string, string[], OptionSpec, string]>([
    [
      'an unknown option with a close match',
      ['--forse'],
      spec,
      'Unknown option `--forse`: did you mean `--force`? this command takes `--test`, `--force`, `--resolve-by`',
    ],
    [
      'an unknown option',
      ['--zzz'],
      spec,
      'Unknown option `--zzz`: this command takes `--test`, `--force`, `--resolve-by`',
    ],
    [
      'an option where none are taken',
      ['--force'],
      {},
      'Unknown option `--force`: this command takes no options',
    ],
    ['a missing value', ['--test'], spec, '`--test` needs a value, e.g. `--test VALUE`'],
    [
      'a value that is another option',
      ['--test', '--force'],
      spec,
      '`--test` needs a value, e.g. `--test VALUE`',
    ],
    [
      'a value on a switch',
      ['--force=yes'],
      spec,
      '`--force` is a switch and takes no value; write just `--force`',
    ],
    [
      'a repeated option',
      ['--test', 'a', '--test=b'],
      spec,
      '`--test` is given twice; give it once',
    ],
    [
      'a prototype name is not an option',
      ['--constructor'],
      spec,
      'Unknown option `--constructor`: this command takes `--test`, `--force`, `--resolve-by`',
    ],
  ])('refuses %s', (_label, tokens, optionSpec, error) => {
    expect(splitOptions(tokens, optionSpec)).toEqual({ ok: false, error });
  });
});

describe('parseUser / parseTeam / parseUserOrTeam', () => {
  it.each<[string, string]>([
    ['@octocat', 'octocat'],
    ['octocat', 'octocat'],
    ['  @Mona-Lisa ', 'Mona-Lisa'],
    ['@a', 'a'],
    [`@${'a'.repeat(39)}`, 'a'.repeat(39)],
    ['@0-1', '0-1'],
  ])('parseUser(%j) = %j', (input, login) => {
    expect(parseUser(input)).toEqual({ ok: true, value: login });
  });

  it.each<[string, string]>([
    ['', '!Name a GitHub user, e.g. `@octocat`'],
    ['@', '!Name a GitHub user, e.g. `@octocat`'],
    [
      '@-octo',
      '!`-octo` is not a GitHub name: use letters, digits and single hyphens, not at the start or end',
    ],
    [
      '@octo-',
      '!`octo-` is not a GitHub name: use letters, digits and single hyphens, not at the start or end',
    ],
    [
      '@oc--to',
      '!`oc--to` is not a GitHub name: use letters, digits and single hyphens, not at the start or end',
    ],
    [
      '@octo_cat',
      '!`octo_cat` is not a GitHub name: use letters, digits and single hyphens, not at the start or end',
    ],
    [
      '@octocat,',
      '!`octocat,` is not a GitHub name: use letters, digits and single hyphens, not at the start or end',
    ],
    [
      `@${'a'.repeat(40)}`,
      `!\`${'a'.repeat(40)}\` is too long for a GitHub name (at most 39 characters)`,
    ],
    ['@acme/security', `!\`@${Z}acme/security\` is a team; name one user, e.g. \`@octocat\``],
  ])('parseUser(%j) refuses', (input, error) => {
    expect(show(parseUser(input))).toBe(error);
  });

  it.each<[string, string]>([
    ['@acme/security', '{"org":"acme","slug":"security"}'],
    ['acme/Security-Team_2', '{"org":"acme","slug":"security-team_2"}'],
    ['@acme', `!\`@${Z}acme\` is not a team; write \`@org/team-slug\`, e.g. \`@acme/security\``],
    [
      '@acme/',
      `!\`@${Z}acme/\` is not a team slug: use the slug from the team's URL (letters, digits, \`-\`, \`_\`), e.g. \`@acme/security\``,
    ],
    [
      '@acme/a b',
      "!`a b` is not a team slug: use the slug from the team's URL (letters, digits, `-`, `_`), e.g. `@acme/security`",
    ],
    [
      '@-acme/x',
      '!`-acme` is not a GitHub name: use letters, digits and single hyphens, not at the start or end',
    ],
    ['@/x', '!Name the organisation, e.g. `@acme/security`'],
  ])('parseTeam(%j)', (input, expected) => {
    const result = parseTeam(input);
    expect(result.ok ? JSON.stringify(result.value) : `!${result.error}`).toBe(expected);
  });

  it('parseUserOrTeam tells users from teams', () => {
    expect(parseUserOrTeam('@octocat')).toEqual({
      ok: true,
      value: { kind: 'user', login: 'octocat' },
    });
    expect(parseUserOrTeam('@acme/sec')).toEqual({
      ok: true,
      value: { kind: 'team', org: 'acme', slug: 'sec' },
    });
    expect(parseUserOrTeam('@bad_name').ok).toBe(false);
    expect(parseUserOrTeam('@acme/').ok).toBe(false);
  });

  it('accepts every valid login and rejects hyphen misuse (property)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (parts) => {
        const login = parts.join('-');
        fc.pre(login.length <= 39);
        expect(parseUser(`@${login}`)).toEqual({ ok: true, value: login });
        expect(parseUser(`@${login}-`).ok).toBe(false);
        expect(parseUser(`@-${login}`).ok).toBe(false);
      }),
    );
  });
});

describe('parseVersion', () => {
  it.each<[string, string]>([
    ['0.71.1', '0.71.1'],
    ['v0.71.1', '0.71.1'],
    ['V1.2.3', '1.2.3'],
    [' 1.2.3 ', '1.2.3'],
    ['1.2.3-rc.1', '1.2.3-rc.1'],
    ['1.2', '!`1.2` is not a full version; write all three parts, e.g. `1.2.0`'],
    ['v2', '!`v2` is not a full version; write all three parts, e.g. `2.0.0`'],
    ['latest', '!`latest` is not a version; write MAJOR.MINOR.PATCH, e.g. `0.71.1`'],
    ['01.2.3', '!`01.2.3` is not a version; write MAJOR.MINOR.PATCH, e.g. `0.71.1`'],
    ['', '!`(nothing)` is not a version; write MAJOR.MINOR.PATCH, e.g. `0.71.1`'],
  ])('parseVersion(%j)', (input, expected) => {
    expect(show(parseVersion(input))).toBe(expected);
  });
});

describe('parseRef', () => {
  it.each<[string, unknown]>([
    ['3f2c1ab', { kind: 'sha', sha: '3f2c1ab' }],
    ['3F2C1AB9', { kind: 'sha', sha: '3f2c1ab9' }],
    ['a'.repeat(40), { kind: 'sha', sha: 'a'.repeat(40) }],
    ['fix/auth-bypass', { kind: 'ref', name: 'fix/auth-bypass' }],
    ['v0.71.1', { kind: 'ref', name: 'v0.71.1' }],
    ['abc12', { kind: 'ref', name: 'abc12' }],
    ['a'.repeat(41), { kind: 'ref', name: 'a'.repeat(41) }],
    [
      'https://github.com/acme/app-ghsa-8x2f-9vjp-q4w3/pull/12',
      {
        kind: 'pull',
        owner: 'acme',
        repo: 'app-ghsa-8x2f-9vjp-q4w3',
        number: 12,
        url: 'https://github.com/acme/app-ghsa-8x2f-9vjp-q4w3/pull/12',
      },
    ],
    [
      'https://github.com/acme/app/pull/12/files#diff',
      {
        kind: 'pull',
        owner: 'acme',
        repo: 'app',
        number: 12,
        url: 'https://github.com/acme/app/pull/12',
      },
    ],
    [
      'https://github.com/acme/app/commit/3F2C1AB/',
      {
        kind: 'commit-url',
        owner: 'acme',
        repo: 'app',
        sha: '3f2c1ab',
        url: 'https://github.com/acme/app/commit/3f2c1ab',
      },
    ],
    [
      'https://github.com/acme/app/pull/12/commits/3f2c1ab',
      {
        kind: 'commit-url',
        owner: 'acme',
        repo: 'app',
        sha: '3f2c1ab',
        url: 'https://github.com/acme/app/commit/3f2c1ab',
      },
    ],
  ])('parseRef(%j)', (input, value) => {
    expect(parseRef(input)).toEqual({ ok: true, value });
  });

  const usage =
    'link a pull request (`https://github.com/o/r/pull/12`) or a commit (`https://github.com/o/r/commit/<sha>`)';
  const refHelp = 'give a commit SHA, a branch or tag, or a pull-request URL';
  it.each<[string, string]>([
    ['', 'Name the fix: a commit SHA, a branch or tag, or a pull-request URL'],
    ['a..b', `\`a..b\` is not a valid branch or tag name (it has \`..\`); ${refHelp}`],
    ['-x', `\`-x\` is not a valid branch or tag name (it starts with \`-\`); ${refHelp}`],
    ['a b', `\`a b\` is not a valid branch or tag name (it has a space); ${refHelp}`],
    ['a~1', `\`a~1\` is not a valid branch or tag name (it has \`~\`); ${refHelp}`],
    [
      'x.lock',
      `\`x.lock\` is not a valid branch or tag name (it has a part ending with \`.lock\`); ${refHelp}`,
    ],
    [
      'a/.b',
      `\`a/.b\` is not a valid branch or tag name (it has a part starting with \`.\`); ${refHelp}`,
    ],
    ['a//b', `\`a//b\` is not a valid branch or tag name (it has \`//\`); ${refHelp}`],
    ['a/', `\`a/\` is not a valid branch or tag name (it starts or ends with \`/\`); ${refHelp}`],
    ['a.', `\`a.\` is not a valid branch or tag name (it ends with \`.\`); ${refHelp}`],
    ['@', `\`@\` is not a valid branch or tag name (it is only \`@\`); ${refHelp}`],
    ['a@{1}', `\`a@{1}\` is not a valid branch or tag name (it has \`@{\`); ${refHelp}`],
    ['a:b', `\`a:b\` is not a valid branch or tag name (it has \`:\`); ${refHelp}`],
    [
      'http://github.com/a/b/pull/1',
      `\`http://github.com/a/b/pull/1\` is not a github.com URL; ${usage}`,
    ],
    [
      'https://gitlab.com/a/b/pull/1',
      `\`https://gitlab.com/a/b/pull/1\` is not a github.com URL; ${usage}`,
    ],
    [
      'https://github.com/a/b/issues/1',
      `\`https://github.com/a/b/issues/1\` is neither a pull request nor a commit URL; ${usage}`,
    ],
    [
      'https://github.com/a/b/pull/0',
      `\`https://github.com/a/b/pull/0\` is neither a pull request nor a commit URL; ${usage}`,
    ],
    ['https://github.com/a', `\`https://github.com/a\` does not name a repository; ${usage}`],
    ['https://', `\`https://\` is not a valid URL; ${usage}`],
  ])('parseRef(%j) refuses', (input, error) => {
    expect(parseRef(input)).toEqual({ ok: false, error });
  });
});

describe('parseUrl', () => {
  it.each<[string, string]>([
    ['https://status.example.com/feed', 'https://status.example.com/feed'],
    ['http://example.com', 'http://example.com/'],
    ['<https://example.com/a?b=1>', 'https://example.com/a?b=1'],
    [
      'javascript:alert(1)',
      '!`javascript:alert(1)` is not a web address; only `https://` and `http://` URLs are accepted',
    ],
    [
      'ftp://x.org',
      '!`ftp://x.org` is not a web address; only `https://` and `http://` URLs are accepted',
    ],
    [
      'example.com',
      '!`example.com` is not a URL; write it in full, e.g. `https://example.com/notice`',
    ],
    [
      'https://u:p@example.com',
      '!That URL has a user name or password in it; remove them and send the plain address',
    ],
  ])('parseUrl(%j)', (input, expected) => {
    expect(show(parseUrl(input))).toBe(expected);
  });
});

describe('parseRepoPath', () => {
  const example = 'e.g. `packages/server/test/auth.test.ts`';
  it.each<[string, string]>([
    ['test/auth.test.ts', 'test/auth.test.ts'],
    ['./docs/x.md', 'docs/x.md'],
    ['docs/', 'docs'],
    ['a/.github/x', 'a/.github/x'],
    ['', `!Name a path in the repository, ${example}`],
    [
      '/etc/passwd',
      `!\`/etc/passwd\` is absolute; write it relative to the repository root, ${example}`,
    ],
    ['C:/x', `!\`C:/x\` is absolute; write it relative to the repository root, ${example}`],
    ['~/x', `!\`~/x\` is absolute; write it relative to the repository root, ${example}`],
    ['a/../../b', `!\`a/../../b\` goes up with \`..\`; stay inside the repository, ${example}`],
    ['..', `!\`..\` goes up with \`..\`; stay inside the repository, ${example}`],
    ['a\\b', `!\`a\\b\` uses \`\\\`; write paths with \`/\`, ${example}`],
    ['a//b', `!\`a//b\` has an empty or \`.\` part; write a plain path, ${example}`],
    ['a/./b', `!\`a/./b\` has an empty or \`.\` part; write a plain path, ${example}`],
    ['./', `!\`./\` has an empty or \`.\` part; write a plain path, ${example}`],
    ['a\u0000b', '!That path has control characters; remove them'],
  ])('parseRepoPath(%j)', (input, expected) => {
    expect(show(parseRepoPath(input))).toBe(expected);
  });
});

describe('identifiers', () => {
  const ghsaHelp =
    'is not a GitHub advisory ID; it looks like `GHSA-8x2f-9vjp-q4w3` (three groups of four from `23456789cfghjmpqrvwx`)';
  it.each<[string, string]>([
    ['GHSA-8x2f-9vjp-q4w3', 'GHSA-8x2f-9vjp-q4w3'],
    ['ghsa-8X2F-9VJP-Q4W3', 'GHSA-8x2f-9vjp-q4w3'],
    [' GHSA-2222-cccc-xxxx ', 'GHSA-2222-cccc-xxxx'],
    ['GHSA-8x2f-9vjp-q4w1', `!\`GHSA-8x2f-9vjp-q4w1\` ${ghsaHelp}`],
    ['GHSA-8x2f-9vjp-q4wa', `!\`GHSA-8x2f-9vjp-q4wa\` ${ghsaHelp}`],
    ['GHSA-8x2f-9vjp', `!\`GHSA-8x2f-9vjp\` ${ghsaHelp}`],
    ['CVE-2026-1234', `!\`CVE-2026-1234\` ${ghsaHelp}`],
  ])('parseGhsaId(%j)', (input, expected) => {
    expect(show(parseGhsaId(input))).toBe(expected);
  });

  const cveHelp = 'is not a CVE ID; it looks like `CVE-2026-12345`';
  it.each<[string, string]>([
    ['CVE-2026-1234', 'CVE-2026-1234'],
    ['cve-2026-0001', 'CVE-2026-0001'],
    ['CVE-2026-1234567', 'CVE-2026-1234567'],
    ['CVE-2026-123', `!\`CVE-2026-123\` ${cveHelp}`],
    ['CVE-2026-01234', `!\`CVE-2026-01234\` ${cveHelp}`],
    ['CVE-1998-1234', `!\`CVE-1998-1234\` ${cveHelp}`],
    ['CVE-26-1234', `!\`CVE-26-1234\` ${cveHelp}`],
    ['', `!\`(nothing)\` ${cveHelp}`],
  ])('parseCveId(%j)', (input, expected) => {
    expect(show(parseCveId(input))).toBe(expected);
  });
});

describe('enums', () => {
  it.each(CreditType.options)('accepts credit type %s', (type) => {
    expect(parseCreditType(type)).toEqual({ ok: true, value: type });
  });

  it.each<[string, string]>([
    ['Remediation-Developer', 'remediation_developer'],
    [' FINDER ', 'finder'],
  ])('forgives case and hyphens: %j', (input, value) => {
    expect(parseCreditType(input)).toEqual({ ok: true, value });
  });

  it('lists the credit types when one is wrong', () => {
    expect(show(parseCreditType('hacker'))).toBe(
      '!`hacker` is not a credit type; use one of `analyst`, `finder`, `reporter`, `coordinator`, `remediation_developer`, `remediation_reviewer`, `remediation_verifier`, `tool`, `sponsor`, `other`',
    );
  });

  it.each<[string, string]>([
    ['critical', 'critical'],
    ['HIGH', 'high'],
    ['Moderate', 'medium'],
    ['low', 'low'],
    ['severe', '!`severe` is not a severity; use `low`, `medium`, `high`, `critical`'],
    ['', '!`(nothing)` is not a severity; use `low`, `medium`, `high`, `critical`'],
  ])('parseSeverity(%j)', (input, expected) => {
    expect(show(parseSeverity(input))).toBe(expected);
  });
});

describe('errors are safe to echo', () => {
  const parsers = [
    parseUser,
    parseTeam,
    parseUserOrTeam,
    parseVersion,
    parseRef,
    parseUrl,
    parseRepoPath,
    parseGhsaId,
    parseCveId,
    parseCreditType,
    parseSeverity,
  ];
  const hostile = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '<!-- x',
      '@evilbot/<!--',
      '@evilbot-',
      'https://github.com/<!--/@evilbot/pull/1',
      'x\n@evilbot',
    ),
  );
  it("never throw, and never carry a comment marker or the user's mention", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        for (const parse of parsers) {
          const result: Parsed<unknown> = parse(text);
          if (!result.ok) {
            expect(result.error).not.toContain('<!--');
            expect(result.error).not.toContain('@evilbot');
            expect(result.error.endsWith('.')).toBe(false);
          }
        }
      }),
    );
  });
});
