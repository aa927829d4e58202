import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_LENGTH,
  inlineCode,
  neutralize,
  TRUNCATION_MARKER,
} from '../../src/domain/neutralize.js';

const Z = '\u200b';

describe('neutralize', () => {
  it.each<[string, string, string]>([
    [
      'plain prose is unchanged',
      'Cannot reproduce on 0.71.0, see logs.',
      'Cannot reproduce on 0.71.0, see logs.',
    ],
    ['a mention', 'thanks @octocat', `thanks @${Z}octocat`],
    ['a mention at the start', '@octocat please look', `@${Z}octocat please look`],
    ['a team mention', 'cc @acme/security', `cc @${Z}acme/security`],
    ['an email address', 'mail sec@example.com', `mail sec@${Z}example.com`],
    ['an owner/repo@sha link', 'see acme/app@3f2c1ab', `see acme/app@${Z}3f2c1ab`],
    ['a lone @', 'meet @ noon', 'meet @ noon'],
    ['an HTML comment', 'a <!-- hidden --> b', 'a &lt;!-- hidden --&gt; b'],
    [
      'our record marker',
      '<!-- advisory-pilot:record {"v":1,"type":"phase-forced"} -->',
      '&lt;!-- advisory-pilot:record {"v":1,"type":"phase-forced"} --&gt;',
    ],
    ['a comment closer alone', 'x --> y', 'x --&gt; y'],
    ['a bullet checkbox', '- [ ] publish', '\\- \\[ \\] publish'],
    ['a ticked star checkbox', '* [x] done', '\\* \\[x\\] done'],
    ['an ordered checkbox', '1. [ ] first', '1\\. \\[ \\] first'],
    ['a checkbox on a later line', 'intro\n  - [X] sneaky', 'intro\n\\- \\[X\\] sneaky'],
    ['a link', '[click](https://evil.example)', `\\[click\\](https:${Z}//evil.example)`],
    [
      'an image',
      '![pixel](https://evil.example/p.png)',
      `!\\[pixel\\](https:${Z}//evil.example/p.png)`,
    ],
    ['a reference link', '[docs][1]', '\\[docs\\]\\[1\\]'],
    ['a reference definition', '[1]: https://evil.example', `\\[1\\]: https:${Z}//evil.example`],
    ['an autolink', '<https://evil.example>', `&lt;https:${Z}//evil.example&gt;`],
    ['a bare URL', 'go to https://evil.example now', `go to https:${Z}//evil.example now`],
    ['a www link', 'www.evil.example', `www${Z}.evil.example`],
    ['an img tag', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an a tag', '<a href="https://x">x</a>', `&lt;a href="https:${Z}//x"&gt;x&lt;/a&gt;`],
    [
      'a details block',
      '<details><summary>s</summary>',
      '&lt;details&gt;&lt;summary&gt;s&lt;/summary&gt;',
    ],
    ['an issue reference', 'fixed in #123', `fixed in #${Z}123`],
    ['a cross-repo reference', 'see acme/app#45', `see acme/app#${Z}45`],
    ['a GH- reference', 'GH-77 again', `GH-${Z}77 again`],
    [
      'a full issue URL',
      'https://github.com/acme/app/issues/9',
      `https:${Z}//github.com/acme/app/issues/9`,
    ],
    ['a hash that is not a reference', 'C# and #hashtag', 'C# and #hashtag'],
    ['inline code', 'run `npm test`', 'run \\`npm test\\`'],
    ['a code fence', '```\ncode\n```', '\\`\\`\\`\ncode\n\\`\\`\\`'],
    ['a tilde fence', '~~~\ncode', '\\~\\~\\~\ncode'],
    ['a heading', '# Title', '\\# Title'],
    ['a setext underline', 'Title\n===', 'Title\n\\==='],
    ['a thematic break', 'a\n---\nb', 'a\n\\---\nb'],
    ['a quote', '> quoted', '&gt; quoted'],
    ['indentation (code block) is dropped', '    indented', 'indented'],
    ['an entity cannot smuggle a mention', '&#64;octocat', `&amp;#${Z}64;octocat`],
    ['a backslash stays literal', 'C:\\path\\[x]', 'C:\\\\path\\\\\\[x\\]'],
    ['CRLF becomes LF', 'a\r\nb\rc', 'a\nb\nc'],
    ['bidi overrides and controls are dropped', 'a\u202eb\u0000c\u0007d', 'abcd'],
    ['emoji survive', 'ok 👍', 'ok 👍'],
  ])('%s', (_label, input, expected) => {
    expect(neutralize(input)).toBe(expected);
  });

  it('cuts long text to maxLength with a marker', () => {
    const out = neutralize('word '.repeat(100), { maxLength: 40 });
    expect(out).toBe(`word word word word word ${TRUNCATION_MARKER}`);
    expect(out.length).toBeLessThanOrEqual(40);
  });

  it(`cuts to ${DEFAULT_MAX_LENGTH} characters by default`, () => {
    const out = neutralize('a'.repeat(5000));
    expect(out).toHaveLength(DEFAULT_MAX_LENGTH);
    expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it('never splits an escape or a surrogate pair when cutting', () => {
    expect(neutralize('<<<<<<<<<<<<<<<<<<<<', { maxLength: 24 })).toBe(
      `&lt;&lt; ${TRUNCATION_MARKER}`,
    );
    expect(neutralize('😀😀😀😀😀😀😀😀😀😀😀', { maxLength: 19 })).toBe(
      `😀😀 ${TRUNCATION_MARKER}`,
    );
  });

  it('marks text cut even when removed characters made the kept part fit', () => {
    const out = neutralize('\u0000'.repeat(30) + 'tail', { maxLength: 20 });
    expect(out).toBe(TRUNCATION_MARKER);
  });

  it('keeps text of exactly maxLength', () => {
    expect(neutralize('x'.repeat(30), { maxLength: 30 })).toBe('x'.repeat(30));
  });

  it('handles a 1 MB string', () => {
    const big = '@octocat <!-- [x](y) #1 '.repeat(45_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    const out = neutralize(big);
    expect(out.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(out).not.toContain('<!--');
    const whole = neutralize(big, { maxLength: Infinity });
    expect(whole).not.toContain('<!--');
    expect(whole).not.toMatch(/@[A-Za-z0-9]/);
  });

  describe('properties', () => {
    const hostile = fc.oneof(
      fc.string(),
      fc
        .array(
          fc.constantFrom(
            '@',
            'octocat',
            '/',
            '<!--',
            '-->',
            '<',
            '!',
            '-',
            '>',
            '[',
            ']',
            ' ',
            'x',
            '\n',
            '\r',
            '*',
            '1.',
            '`',
            '\\',
            '&',
            '#',
            '9',
            '\t',
            '\u200b',
          ),
          { maxLength: 40 },
        )
        .map((parts) => parts.join('')),
    );
    const CHECKBOX = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\]/m;

    it('never contains <!--, @login or a checkbox, and respects maxLength', () => {
      fc.assert(
        fc.property(hostile, fc.integer({ min: 14, max: 200 }), (text, maxLength) => {
          const out = neutralize(text, { maxLength });
          expect(out).not.toContain('<!--');
          expect(out).not.toContain('-->');
          expect(out).not.toMatch(/@[A-Za-z0-9-]/);
          expect(out).not.toMatch(CHECKBOX);
          expect(out.length).toBeLessThanOrEqual(maxLength);
        }),
        { numRuns: 500 },
      );
    });

    it('every [ in the output is escaped', () => {
      fc.assert(
        fc.property(hostile, (text) => {
          const out = neutralize(text, { maxLength: Infinity });
          for (const match of out.matchAll(/(\\*)\[/g)) {
            expect((match[1] ?? '').length % 2).toBe(1);
          }
        }),
      );
    });
  });
});

describe('inlineCode', () => {
  it.each<[string, string, string]>([
    ['plain text', 'npm test', '`npm test`'],
    ['a backtick inside', 'a`b', '``a`b``'],
    ['a double backtick inside', 'a``b`c', '```a``b`c```'],
    ['starts with a backtick', '`x', '`` `x ``'],
    ['ends with a backtick', 'x`', '`` x` ``'],
    ['spaces at both ends are kept', ' x ', '`  x  `'],
    ['only spaces', '  ', '`  `'],
    ['empty', '', '` `'],
    ['line breaks become spaces', 'a\r\nb\nc', '`a b c`'],
    ['an HTML comment is broken up', '<!-- x -->', `\`<!${Z}-- x --${Z}>\``],
    ['a mention is broken up', '@octocat', `\`@${Z}octocat\``],
    ['markdown stays literal', '[x](y) <b>', '`[x](y) <b>`'],
  ])('%s', (_label, input, expected) => {
    expect(inlineCode(input)).toBe(expected);
  });

  it('cuts long content with the marker inside the code span', () => {
    expect(inlineCode('abcdefghij'.repeat(5), { maxLength: 30 })).toBe(
      `\`abcdefghijabcdef ${TRUNCATION_MARKER}\``,
    );
  });

  it('never contains <!-- or @login, and always closes its span', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = inlineCode(text);
        expect(out).not.toContain('<!--');
        expect(out).not.toMatch(/@[A-Za-z0-9-]/);
        const fence = /^`+/.exec(out)?.[0] ?? '';
        expect(out.endsWith(fence)).toBe(true);
        const inner = out.slice(fence.length, out.length - fence.length);
        expect(inner.includes(fence)).toBe(false);
      }),
    );
  });
});
