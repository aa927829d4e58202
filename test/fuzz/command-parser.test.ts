import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/commands/args.js';
import {
  extractCommandLines,
  MAX_COMMANDS,
  MAX_SCANNED_CHARS,
} from '../../src/domain/command-lines.js';
import { parseRef, parseRepoPath, parseUrl, parseVersion } from '../../src/domain/argument-refs.js';
import {
  parseCreditType,
  parseCveId,
  parseGhsaId,
  parseSeverity,
  parseTeam,
  parseUser,
  parseUserOrTeam,
} from '../../src/domain/arguments.js';
import { splitOptions, tokenize } from '../../src/domain/command-tokens.js';
import { type Parsed } from '../../src/domain/parsed.js';
import { parseDateArgument } from '../../src/domain/date-argument.js';
import { valid as validSemver } from 'semver';
import { commandName, trickyLine, trickyText } from './arbitraries.js';

// The command parser and the argument parsers read whatever anyone types in a comment. They must
// never throw, keep their documented shape, and quote user text in errors only in inert form.

const RUNS = { numRuns: 400 };
const body = fc.oneof(
  trickyText,
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

describe('extractCommandLines on arbitrary comments', () => {
  it('never throws and keeps the shape of what it returns', () => {
    fc.assert(
      fc.property(body, (text) => {
        const { commands, truncated } = extractCommandLines(text);
        expect(commands.length).toBeLessThanOrEqual(MAX_COMMANDS);
        expect(typeof truncated).toBe('boolean');
        const lines = text.split(/\r\n|\r|\n/);
        let previous = 0;
        commands.forEach((c, i) => {
          expect(c.index).toBe(i);
          expect(c.name).toMatch(/^[a-z][a-z0-9-]*$/);
          expect(c.line).toBeGreaterThan(previous);
          previous = c.line;
          expect(lines[c.line - 1]).toBe(c.raw);
          expect(c.raw.toLowerCase()).toContain(`/${c.name}`);
          expect(c.argsText).toBe(c.argsText.trim());
          expect(c.argsText).not.toMatch(/[\r\n]/);
        });
      }),
      RUNS,
    );
  });

  it('reads back commands typed one per line, in order', () => {
    const args = fc.string({
      unit: fc.constantFrom(...Array.from('abc xyz0123.-+"\'')),
      maxLength: 20,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(commandName, args), { minLength: 1, maxLength: 10 }),
        (typed) => {
          const text = typed.map(([name, a]) => `/${name} ${a}`).join('\n');
          const { commands } = extractCommandLines(text);
          expect(commands.map((c) => [c.name, c.argsText])).toEqual(
            typed.map(([name, a]) => [name.toLowerCase(), a.trim()]),
          );
        },
      ),
      RUNS,
    );
  });

  it('runs nothing inside a fenced block, whatever the block holds', () => {
    fc.assert(
      fc.property(trickyText, fc.constantFrom('`', '~'), (inside, mark) => {
        const longest = Math.max(
          2,
          ...[...inside.matchAll(mark === '`' ? /`+/g : /~+/g)].map((m) => m[0].length),
        );
        const fence = mark.repeat(longest + 1);
        expect(extractCommandLines(`${fence}\n${inside}\n${fence}`).commands).toEqual([]);
      }),
      RUNS,
    );
  });

  it('runs nothing in a quote, whatever the quote holds', () => {
    fc.assert(
      fc.property(trickyText, (inside) => {
        const quoted = inside
          .split(/\r\n|\r|\n/)
          .map((l) => `> ${l}`)
          .join('\n');
        expect(extractCommandLines(quoted).commands).toEqual([]);
      }),
      RUNS,
    );
  });

  it('stops at 1 MiB and at the command limit, and says so', () => {
    const huge = `/ack\n${'x'.repeat(MAX_SCANNED_CHARS)}\n/close\n`;
    const cut = extractCommandLines(huge);
    expect(cut.truncated).toBe(true);
    expect(cut.commands.map((c) => c.name)).toEqual(['ack']);
    const many = extractCommandLines('/status\n'.repeat(MAX_COMMANDS + 5));
    expect(many.truncated).toBe(true);
    expect(many.commands).toHaveLength(MAX_COMMANDS);
  });
});

/** An error that quotes user text must quote it inertly (code span, no raw mention or comment). */
function expectInertError(result: Parsed<unknown> | { ok: false; error: string } | { ok: true }) {
  if (result.ok) return;
  expect(result.error.length).toBeGreaterThan(0);
  expect(result.error).not.toMatch(/@victim|@evilorg/);
  expect(result.error).not.toContain('<!--');
}

describe('argument parsers on arbitrary input', () => {
  const input = fc.oneof(
    trickyLine,
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );

  it.each([
    ['parseUser', parseUser],
    ['parseTeam', parseTeam],
    ['parseUserOrTeam', parseUserOrTeam],
    ['parseVersion', parseVersion],
    ['parseRef', parseRef],
    ['parseUrl', parseUrl],
    ['parseRepoPath', parseRepoPath],
    ['parseGhsaId', parseGhsaId],
    ['parseCveId', parseCveId],
    ['parseCreditType', parseCreditType],
    ['parseSeverity', parseSeverity],
  ] as const)('%s never throws and answers ok or an inert error', (_name, parse) => {
    fc.assert(
      fc.property(input, (text) => {
        expectInertError(parse(text));
      }),
      RUNS,
    );
  });

  it('values that parse are what they claim to be', () => {
    fc.assert(
      fc.property(input, (text) => {
        const user = parseUser(text);
        if (user.ok)
          expect(user.value).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/);
        const version = parseVersion(text);
        if (version.ok) expect(validSemver(version.value)).toBe(version.value);
        const url = parseUrl(text);
        if (url.ok) expect(['http:', 'https:']).toContain(new URL(url.value).protocol);
        const path = parseRepoPath(text);
        if (path.ok) {
          expect(path.value.startsWith('/')).toBe(false);
          expect(path.value.split('/')).not.toContain('..');
        }
        const ghsa = parseGhsaId(text);
        if (ghsa.ok) expect(ghsa.value).toMatch(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/);
        const cve = parseCveId(text);
        if (cve.ok) expect(cve.value).toMatch(/^CVE-\d{4}-\d{4,}$/);
      }),
      RUNS,
    );
  });

  it('tokenize, splitOptions and parseArgs never throw; plain words round-trip', () => {
    const spec = { test: 'string', force: 'boolean', from: 'string' } as const;
    fc.assert(
      fc.property(input, (text) => {
        const tokens = tokenize(text);
        expectInertError(tokens.ok ? { ok: true } : tokens);
        if (tokens.ok) expectInertError(splitOptions(tokens.tokens, spec));
        expectInertError(parseArgs(text, spec));
      }),
      RUNS,
    );
    const word = fc.string({
      unit: fc.constantFrom(...Array.from('abcXYZ019._/:')),
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        expect(tokenize(words.join(' '))).toEqual({ ok: true, tokens: words });
      }),
      RUNS,
    );
  });

  it('parseDateArgument never throws and answers a date or an inert error', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    const calendar = { timeZone: 'Europe/Berlin', holidays: ['2026-12-25'] };
    const dateLike = fc.oneof(
      input,
      fc
        .tuple(
          fc.constantFrom('+', '-', ''),
          fc.nat({ max: 99999 }),
          fc.constantFrom('bd', 'd', 'w', 'h', 'BD', 'x', ''),
        )
        .map(([sign, n, unit]) => `${sign}${String(n)}${unit}`),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    );
    fc.assert(
      fc.property(dateLike, fc.constantFrom('reject' as const, 'allow' as const), (text, past) => {
        const result = parseDateArgument(text, now, calendar, { past });
        if (result.ok) expect(Number.isNaN(result.date.getTime())).toBe(false);
        else expectInertError(result);
      }),
      RUNS,
    );
  });
});
