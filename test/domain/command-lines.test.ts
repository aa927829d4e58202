import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  extractCommandLines,
  MAX_COMMANDS,
  MAX_SCANNED_CHARS,
} from '../../src/domain/command-lines.js';

/** `name argsText` of every command found, in order: compact enough for tables. */
function found(body: string): string[] {
  return extractCommandLines(body).commands.map((c) =>
    c.argsText ? `${c.name} ${c.argsText}` : c.name,
  );
}

describe('extractCommandLines', () => {
  it('returns index, line, name, argsText and raw for each command', () => {
    const body =
      'Thanks for the report.\n\n/ACK --resolve-by 2026-12-01  \n  /cvss CVSS:4.0/AV:N\n';
    expect(extractCommandLines(body)).toEqual({
      truncated: false,
      commands: [
        {
          index: 0,
          line: 3,
          name: 'ack',
          argsText: '--resolve-by 2026-12-01',
          raw: '/ACK --resolve-by 2026-12-01  ',
        },
        {
          index: 1,
          line: 4,
          name: 'cvss',
          argsText: 'CVSS:4.0/AV:N',
          raw: '  /cvss CVSS:4.0/AV:N',
        },
      ],
    });
  });

  it.each<[string, string, string[]]>([
    // Names
    ['a plain command', '/ack', ['ack']],
    ['upper case is lower-cased', '/ACK', ['ack']],
    [
      'mixed case with hyphen',
      '/Not-Reproducible cannot trigger it',
      ['not-reproducible cannot trigger it'],
    ],
    ['a longer name is not a prefix match', '/acknowledge', ['acknowledge']],
    ['a comma after the name is not a command', '/ack, please', []],
    ['a full stop after the name is not a command', '/ack.', []],
    ['a path is not a command', '/usr/bin/node crashed', []],
    ['a digit cannot start a name', '/1password', []],
    ['a slash alone is not a command', '/', []],
    ['a slash and a space is not a command', '/ ack', []],
    ['a name may contain digits', '/cvss4 x', ['cvss4 x']],
    ['a tab separates name and arguments', '/embargo\t2026-12-01', ['embargo 2026-12-01']],
    [
      'a no-break space separates name and arguments',
      '/embargo\u00a02026-12-01',
      ['embargo 2026-12-01'],
    ],
    ['a command must start its line', 'please run /ack', []],
    ['up to three spaces of indentation', '   /ack', ['ack']],
    // Arguments
    [
      'quoted arguments are kept verbatim',
      '/embargo 2026-12-01 "vendor asked"',
      ['embargo 2026-12-01 "vendor asked"'],
    ],
    ['trailing prose on the next line is not an argument', '/ack\nThanks, we are on it.', ['ack']],
    ['trailing spaces are trimmed', '/scope in   \t', ['scope in']],
    // Several commands
    [
      'several commands run top to bottom',
      '/reproduced\nsome prose\n/scope in\n/cvss X',
      ['reproduced', 'scope in', 'cvss X'],
    ],
    // Line endings
    ['CRLF line endings', '/ack\r\n/scope in\r\n', ['ack', 'scope in']],
    ['lone CR line endings', '/ack\r/scope in\r', ['ack', 'scope in']],
    ['mixed line endings', 'a\r\n/ack\rb\n/fork', ['ack', 'fork']],
    // Quotes
    ['a quoted command is ignored', '> /publish confirm', []],
    ['an indented quote is ignored', '  > /ack', []],
    ['a nested quote is ignored', '> > /ack', []],
    ['a quote without a space is ignored', '>/ack', []],
    ['a quote then a reply', '> /publish\n\n/ack', ['ack']],
    ['a line right after a quote (lazy continuation) still runs', '> please ack\n/ack', ['ack']],
    // Fenced code
    ['a backtick fence', '```\n/ack\n```\n/fork', ['fork']],
    ['a tilde fence', '~~~\n/ack\n~~~\n/fork', ['fork']],
    ['a fence with an info string', '```bash\n/ack\n```\n/fork', ['fork']],
    ['a long fence is not closed by a shorter one', '````\n```\n/ack\n```\n````\n/fork', ['fork']],
    ['a longer closing fence closes', '```\n/ack\n`````\n/fork', ['fork']],
    ['a tilde fence is not closed by backticks', '~~~\n```\n/ack\n~~~\n/fork', ['fork']],
    [
      'a closing fence cannot have an info string',
      '```\n/ack\n``` x\n/scope in\n```\n/fork',
      ['fork'],
    ],
    ['an unclosed fence runs to the end', 'text\n```\n/ack\n/fork', []],
    ['an indented fence (3 spaces)', '   ```\n/ack\n   ```\n/fork', ['fork']],
    ['a 4-space fence is indented code, not a fence', '    ```\n/ack', ['ack']],
    ['backticks in the info string make it inline code', '``` a ` b\n/ack', ['ack']],
    ['two backticks are not a fence but a code span over lines', '``\n/ack\n``', []],
    ['two backticks then a blank line', '``\n\n/ack', ['ack']],
    ['a fence inside a list item', '- step\n  ```\n  /ack\n  ```\n/fork', ['fork']],
    ['a fence opened on a list marker', '- ```\n  /ack\n  ```\n/fork', ['fork']],
    ['a less-indented line ends a list-item fence', '- ```\n  /ack\n/fork', ['fork']],
    ['a fence in a quote does not hide what follows it', '> ```\n/ack', ['ack']],
    // Indented code
    ['4 spaces of indentation is code', '    /ack', []],
    ['a tab is code', '\t/ack', []],
    ['spaces then a tab is code', '  \t/ack', []],
    // Inline code
    ['inline code at line start', '`/ack`', []],
    ['inline code mid-line', 'type `/ack` to acknowledge', []],
    ['a code span over several lines hides a command', 'run `\n/ack\n` later\n/fork', ['fork']],
    ['a double-backtick span over lines', 'run ``x\n/ack\nthen`` ok\n/fork', ['fork']],
    ['an unmatched backtick is literal', 'it`s\n/ack', ['ack']],
    ['a code span does not run past a blank line', 'run `\n\n/ack\n`', ['ack']],
    ['a code span does not run into a quote', 'run `\n> x `\n/ack', ['ack']],
    ['a code span opened in the arguments', '/embargo `2026\n/ack\n`', ['embargo `2026']],
    // HTML comments
    ['a one-line comment', '<!-- /ack -->', []],
    ['a command inside a multi-line comment', '<!--\n/publish confirm\n-->\n/fork', ['fork']],
    ['text after a comment closes is not line-anchored', '<!--\n--> /ack', []],
    ['a command after a closed comment on the next line', '<!-- x -->\n/ack', ['ack']],
    ['an unclosed comment hides the rest', '<!--\n/ack\n\n/fork', []],
    ['an HTML-block comment runs across blank lines', '<!--\n\n/ack\n\n-->\n/fork', ['fork']],
    [
      'an inline comment spanning lines hides a command',
      'note <!-- draft\n/ack\n-->\n/fork',
      ['fork'],
    ],
    ['an inline comment closed by a line starting with -->', 'a <!--\n/ack\n--> b', []],
    [
      'an inline comment left open at a paragraph end is literal',
      'note <!-- draft\n\n/ack',
      ['ack'],
    ],
    [
      'a comment in the arguments is removed',
      '/embargo 2026-12-01 <!-- secret --> "late"',
      ['embargo 2026-12-01  "late"'],
    ],
    [
      'a comment opened in the arguments hides the next lines',
      '/ack <!--\n/publish confirm\n-->',
      ['ack'],
    ],
    ['<!--> is an empty comment', '<!-->\n/ack', ['ack']],
    ['a comment marker inside inline code is literal', 'use `<!--`\n/ack', ['ack']],
    ['a comment opened in a quote continues lazily', '> a <!--\n/ack\n-->\n/fork', ['fork']],
    ['a backtick inside a comment does not open a span', '<!-- ` -->\n/ack\n`', ['ack']],
    // Containers
    [
      'a fence in a list item, closed at its indentation',
      '1. Run:\n\n   ```\n   /ack\n   ```\n/fork',
      ['fork'],
    ],
    ['a lazy line after a list item runs', '- first\n/ack', ['ack']],
    ['a list item is not a command', '- /ack', []],
    ['a thematic break is not a list item', '- - -\n  ```\n/ack\n  ```\n/fork', ['fork']],
    ['an empty item after text is an underline', 'Title\n- \n  ```\n/ack\n```\n/fork', ['fork']],
    ['a fence inside a quote hides a comment opener', '> ```\n> <!--\n> ```\n/ack', ['ack']],
    ['a command inside <details> is visible', '<details>\n\n/ack\n\n</details>', ['ack']],
    ['a code span cannot leave a heading', '# a `b\n/ack\n`', ['ack']],
    [
      'an indented line after a paragraph may open a comment',
      'text\n    <!--\n/ack\n-->\n/fork',
      ['fork'],
    ],
    ['an indented line after a blank line is code', 'text\n\n    <!--\n/ack\n-->', ['ack']],
    // HTML output left open (GitHub's HTML parser hides the rest)
    [
      'a comment left open after an HTML block hides the rest',
      '<!-- a --><!-- b\n/ack\n-->\n/fork',
      [],
    ],
    [
      'the next HTML-block comment closes it',
      '<!-- a --><!-- b\n/ack\n<!-- c -->\n/fork',
      ['fork'],
    ],
    ['a comment in a list item that outlives the item', '- <!-- note\n/ack\n-->\n/fork', []],
    ['a comment in a list item closed inside the item', '- <!-- note\n  more -->\n/fork', ['fork']],
    ['a comment in a quote closed inside the quote', '> <!-- note\n> more -->\n/fork', ['fork']],
    [
      'a comment in a quote that outlives the quote',
      '> <!-- note\n\n/ack\n<!-- -->\n/fork',
      ['fork'],
    ],
    ['fenced code cannot close a dangling comment', '<!-- a --><!--\n```\n<!-- -->\n```\n/ack', []],
    ['a backtick after an HTML block is raw, not code', '<!-- a -->`\n/ack\n`', ['ack']],
    // Odd bodies
    ['an empty body', '', []],
    ['only blank lines', '\n\n\r\n', []],
    ['a command at end of file without a newline', 'text\n/close', ['close']],
  ])('%s', (_label, body, expected) => {
    expect(found(body)).toEqual(expected);
  });

  it('reports 1-based line numbers across CRLF, CR and LF', () => {
    const lines = extractCommandLines('a\r\n/ack\rb\n\n/fork').commands.map((c) => c.line);
    expect(lines).toEqual([2, 5]);
  });

  it(`runs only the first ${MAX_COMMANDS} commands and says so`, () => {
    const body = Array.from({ length: MAX_COMMANDS + 1 }, (_, i) => `/remind ${i}`).join('\n');
    const result = extractCommandLines(body);
    expect(result.truncated).toBe(true);
    expect(result.commands).toHaveLength(MAX_COMMANDS);
    expect(result.commands.at(-1)).toMatchObject({ index: MAX_COMMANDS - 1, argsText: '199' });
  });

  it(`is not truncated with exactly ${MAX_COMMANDS} commands`, () => {
    const body = Array.from({ length: MAX_COMMANDS }, () => '/ack').join('\n');
    expect(extractCommandLines(body)).toMatchObject({ truncated: false });
  });

  it('does not scan past 1 MiB, and drops the partial last line', () => {
    const filler = 'x'.repeat(MAX_SCANNED_CHARS - 10) + '\n';
    const body = `/ack\n${filler}/embargo 2026-12-01 "a long reason"\n/fork\n`;
    const result = extractCommandLines(body);
    expect(result.truncated).toBe(true);
    expect(result.commands.map((c) => c.name)).toEqual(['ack']);
  });

  it('keeps the last line when the cut falls exactly on a line break', () => {
    const head = '/ack\n' + 'x'.repeat(MAX_SCANNED_CHARS - 11) + '\n/fork';
    expect(head.length).toBe(MAX_SCANNED_CHARS);
    const result = extractCommandLines(`${head}\n/close`);
    expect(result).toMatchObject({ truncated: true });
    expect(result.commands.map((c) => c.name)).toEqual(['ack', 'fork']);
  });

  it('is not truncated at exactly 1 MiB', () => {
    const body = '/ack\n' + 'y'.repeat(MAX_SCANNED_CHARS - 5);
    expect(extractCommandLines(body)).toMatchObject({
      truncated: false,
      commands: [{ name: 'ack' }],
    });
  });

  // Adversarial 1 MiB bodies: each must finish (linear scan); the suite timeout is the guard.
  it.each<[string, string]>([
    [
      'one long line of backticks of growing length',
      Array.from({ length: 1400 }, (_, i) => '`'.repeat(i + 1) + 'a').join(''),
    ],
    [
      'many unclosed backtick runs on separate lines',
      Array.from({ length: 100_000 }, (_, i) => '`'.repeat((i % 50) + 1) + 'x').join('\n'),
    ],
    ['many unclosed comment openers on one line', 'a ' + '<!--'.repeat(250_000)],
    [
      'many comment openers on separate lines',
      Array.from({ length: 200_000 }, () => 'a <!--').join('\n'),
    ],
    ['a million newlines', '\n'.repeat(MAX_SCANNED_CHARS)],
    ['a million-character command name', '/' + 'a'.repeat(MAX_SCANNED_CHARS - 2)],
    ['dashes and equals', '-'.repeat(500_000) + 'x\n' + '='.repeat(500_000) + 'x'],
    ['nested list markers', '- '.repeat(500_000)],
    ['a fence opener with a huge info string', '```' + 'a'.repeat(MAX_SCANNED_CHARS - 3)],
  ])('stays fast on 1 MiB of %s', (_label, body) => {
    const result = extractCommandLines(body);
    expect(result.commands.length).toBeLessThanOrEqual(1);
  });

  it('finds a command after 1 MiB minus one line of filler', () => {
    const body = 'z'.repeat(MAX_SCANNED_CHARS - 6) + '\n/ack\n';
    expect(found(body)).toEqual(['ack']);
  });

  describe('properties', () => {
    const lineArb = fc.oneof(
      fc.constantFrom(
        '/ack',
        '/scope in',
        '/ACK x',
        '> /ack',
        '```',
        '~~~',
        '<!--',
        '-->',
        '`',
        '    /ack',
        '',
      ),
      fc.string({ maxLength: 20 }),
    );
    const bodyArb = fc.array(lineArb, { maxLength: 30 }).map((lines) => lines.join('\n'));

    it('never throws; every command is a line-anchored, lower-case name in order', () => {
      fc.assert(
        fc.property(bodyArb, (body) => {
          const { commands } = extractCommandLines(body);
          const lines = body.split(/\r\n|\r|\n/);
          commands.forEach((c, i) => {
            expect(c.index).toBe(i);
            expect(c.name).toMatch(/^[a-z][a-z0-9-]*$/);
            expect(lines[c.line - 1]).toBe(c.raw);
            expect(c.raw.trimStart().toLowerCase().startsWith(`/${c.name}`)).toBe(true);
            if (i > 0) expect(c.line).toBeGreaterThan(commands[i - 1]!.line);
          });
        }),
      );
    });

    it('quoting every line runs nothing', () => {
      fc.assert(
        fc.property(bodyArb, (body) => {
          const quoted = body
            .split('\n')
            .map((l) => `> ${l}`)
            .join('\n');
          expect(extractCommandLines(quoted).commands).toEqual([]);
        }),
      );
    });

    it('wrapping the body in a longer fence runs nothing', () => {
      fc.assert(
        fc.property(bodyArb, (body) => {
          const fence = '~'.repeat(40);
          expect(extractCommandLines(`${fence}\n${body}\n${fence}`).commands).toEqual([]);
        }),
      );
    });

    it('a body inside an HTML comment runs nothing', () => {
      fc.assert(
        fc.property(bodyArb, (body) => {
          const hidden = body.replaceAll('-->', '');
          fc.pre(!hidden.includes('-->'));
          expect(extractCommandLines(`<!--\n${hidden}\n-->`).commands).toEqual([]);
        }),
      );
    });
  });
});
