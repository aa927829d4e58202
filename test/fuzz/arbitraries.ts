import fc from 'fast-check';

/**
 * Pieces that matter to Markdown, GitHub and the App's parsers: mentions, links, HTML comments,
 * the App's own marker prefixes, fences, quotes, list markers, odd whitespace and Unicode.
 */
export const TRICKY_PIECES = [
  '@victim',
  '@evilorg/all',
  '[x](https://evil.example)',
  '![i](https://evil.example/i.png)',
  'https://evil.example',
  'www.evil.example',
  '<!--',
  '-->',
  '<!-- advisory-pilot:record ',
  '<!-- item:published -->',
  '<a href="x">',
  '`',
  '```',
  '~~~',
  '> ',
  '- [ ] ',
  '* [x] ',
  '1. ',
  '#1',
  'GHSA-2c5f-hj7m-pq9r',
  'CVE-2026-1234',
  '/',
  '/ack',
  '/scope out',
  '--',
  '--force',
  '"',
  "'",
  '\u201c',
  '\u201d',
  '\\',
  '=',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\u0000',
  '\ud83d\ude00',
  '\ud83d',
  '..',
  '../',
  '2026-12-01',
  '+3bd',
  '0.71.1',
  'v1.2.3',
  'x',
  'é',
];

/** A string built from tricky pieces and random characters (one line: no line breaks). */
export const trickyLine = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY_PIECES), fc.string({ maxLength: 6 })), {
    maxLength: 20,
  })
  .map((parts) => parts.join('').replace(/[\r\n]/g, ' '));

/** Several lines of tricky text, with every kind of line break. */
export const trickyText = fc
  .array(fc.tuple(trickyLine, fc.constantFrom('\n', '\r\n', '\r', '\n\n')), { maxLength: 12 })
  .map((lines) => lines.map(([line, end]) => line + end).join(''));

/** A command name as the parser reads it. */
export const commandName = fc
  .tuple(
    fc.constantFrom(...Array.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')),
    fc.string({
      unit: fc.constantFrom(...Array.from('abcdefghijklmnopqrstuvwxyz0123456789-')),
      maxLength: 12,
    }),
  )
  .map(([first, rest]) => first + rest);
