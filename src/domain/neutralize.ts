/** Appended when user text is cut to fit. */
export const TRUNCATION_MARKER = '… (truncated)';
/** Echoed user text is cut here unless the caller asks otherwise: a reply must stay readable. */
export const DEFAULT_MAX_LENGTH = 2000;

export interface NeutralizeOptions {
  /** Longest output, marker included (at least the marker's length). Defaults to {@link DEFAULT_MAX_LENGTH}. */
  maxLength?: number;
}

/** Zero-width space: invisible, but it stops GitHub from reading a mention, reference or link. */
const ZWSP = '\u200b';

/** Characters that only make trouble: C0 controls (but tab and newline), DEL, bidi overrides. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAK = /\r\n|\r|\n/g;

/** One character's escape, independent of its neighbours. */
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '`': '\\`',
  '[': '\\[',
  ']': '\\]',
  '~': '\\~',
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
};

const LOGIN_CHAR = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;

/** A line of only `-`, `=`, `*`, `_` (and spaces) would be a setext underline or thematic break. */
const RULE_LINE = /^[-=*_][-=*_ \t]*$/;
/** `#`, `##` … followed by a space or the end would be a heading. */
const HEADING = /^#{1,6}(?:[ \t]|$)/;
/** A list item marker; the item could hold a heading, a code block, a checkbox … */
const BULLET = /^[-*+](?:[ \t]|$)/;
const ORDERED = /^(\d{1,9})[.)](?:[ \t]|$)/;

/** The code unit count of the character at `i` (2 for a surrogate pair). */
function charLength(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * Keeps whole units while they fit, then appends the marker; never splits an escape or a
 * surrogate pair. `more` says the source was already cut short.
 */
function fit(units: Iterable<string>, maxLength: number, more: boolean): string {
  const budget = Math.max(0, maxLength - TRUNCATION_MARKER.length - 1);
  let out = '';
  let cut = -1;
  const truncated = (): string => {
    let kept = out.slice(0, cut < 0 ? out.length : cut);
    // Prefer to end at a word boundary close by (a space is always a whole unit).
    const space = Math.max(kept.lastIndexOf(' '), kept.lastIndexOf('\n'));
    if (/\S/.test(out[kept.length] ?? ' ') && space > 0 && kept.length - space <= 20) {
      kept = kept.slice(0, space);
    }
    kept = kept.trimEnd();
    return kept ? `${kept} ${TRUNCATION_MARKER}` : TRUNCATION_MARKER;
  };
  for (const unit of units) {
    if (cut < 0 && out.length + unit.length > budget) cut = out.length;
    out += unit;
    if (out.length > maxLength) return truncated();
  }
  return more ? truncated() : out;
}

/** The part of `text` that can reach the output (escaping never shortens), cleaned. */
function prefix(
  text: string,
  maxLength: number,
  lineBreak: string,
): { source: string; more: boolean } {
  const more = text.length > maxLength + 1;
  const head = more ? text.slice(0, maxLength + 1) : text;
  return { source: head.replace(LINE_BREAK, lineBreak).replace(INVISIBLE, ''), more };
}

/** The escaped pieces of `text`, one per source character (or per recognised sequence). */
function* neutralUnits(text: string): Generator<string> {
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      lineStart = true;
      yield ch;
      i++;
      continue;
    }
    if (lineStart) {
      // Leading blanks would make indented code (where escapes show); a paragraph drops them anyway.
      if (ch === ' ' || ch === '\t') {
        i++;
        continue;
      }
      lineStart = false;
      let lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = text.length;
      const line = text.slice(i, lineEnd);
      if (RULE_LINE.test(line) || HEADING.test(line) || BULLET.test(line)) {
        // `\-`, `\=`, `\*`, `\_`, `\#`, `\+`: shown as typed, not as a rule, heading or list.
        yield `\\${ch}`;
        i++;
        continue;
      }
      const ordered = ORDERED.exec(line);
      if (ordered) {
        const digits = ordered[1] ?? '';
        yield `${digits}\\${line[digits.length] ?? ''}`;
        i += digits.length + 1;
        continue;
      }
    }
    const next = text[i + 1] ?? '';
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) {
      yield escaped;
    } else if (ch === '@' && LOGIN_CHAR.test(next)) {
      yield `@${ZWSP}`; // no mention, no `owner/repo@sha` link, no email autolink
    } else if (ch === '#' && DIGIT.test(next)) {
      yield `#${ZWSP}`; // no `#123` or `owner/repo#123` cross-reference
    } else if ((ch === 'G' || ch === 'g') && /^gh-\d/i.test(text.slice(i, i + 4))) {
      yield `${text.slice(i, i + 3)}${ZWSP}`;
      i += 3;
      continue;
    } else if (ch === ':' && text.startsWith('//', i + 1)) {
      yield `:${ZWSP}`; // no bare-URL autolink
    } else if ((ch === 'w' || ch === 'W') && /^www\./i.test(text.slice(i, i + 4))) {
      yield `${text.slice(i, i + 3)}${ZWSP}`;
      i += 3;
      continue;
    } else {
      const length = charLength(text, i);
      yield text.slice(i, i + length);
      i += length;
      continue;
    }
    i++;
  }
}

/**
 * Makes user-supplied text safe to echo in a comment the App writes, so that quoting a reason or
 * a title can never ping people, cross-reference public issues from the private tracker, hide or
 * forge a record marker, add a checkbox that drives the case, or show a link the App seems to
 * vouch for. The text renders as typed (escapes and zero-width spaces are invisible), as plain
 * prose: put it outside code spans. Line breaks are kept; long text is cut with a marker.
 */
export function neutralize(text: string, options: NeutralizeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const { source, more } = prefix(text, maxLength, '\n');
  return fit(neutralUnits(source), maxLength, more);
}

/** Characters of `text` (whole surrogate pairs), with HTML comment marks and mentions broken up. */
function* codeUnits(text: string): Generator<string> {
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '<' && text.startsWith('!--', i + 1)) {
      yield `<!${ZWSP}`;
      i += 2;
    } else if (ch === '-' && text.startsWith('->', i + 1)) {
      yield `--${ZWSP}`;
      i += 2;
    } else if (ch === '@' && LOGIN_CHAR.test(text[i + 1] ?? '')) {
      yield `@${ZWSP}`;
      i += 1;
    } else {
      const length = charLength(text, i);
      yield text.slice(i, i + length);
      i += length;
    }
  }
}

/**
 * Shows user text verbatim as inline code: nothing inside renders, links or pings. The fence is
 * one backtick longer than the longest run inside (CommonMark), line breaks become spaces (a code
 * span is one line here), and `<!--`, `-->` and `@login` get a zero-width space, because they
 * would still be read in the raw comment by record parsers and notification scanners.
 */
export function inlineCode(text: string, options: NeutralizeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const { source, more } = prefix(text, maxLength, ' ');
  const content = fit(codeUnits(source), maxLength, more);
  if (content.length === 0) return '` `';
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad =
    content.startsWith('`') ||
    content.endsWith('`') ||
    (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '');
  return pad ? `${fence} ${content} ${fence}` : `${fence}${content}${fence}`;
}
