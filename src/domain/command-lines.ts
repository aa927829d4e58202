/** One slash-command found in a comment body. */
export interface CommandLine {
  /** 0-based order of the command in the comment: commands run top to bottom. */
  index: number;
  /** 1-based line number in the comment body. */
  line: number;
  /** The command name, lower-cased, without the slash. */
  name: string;
  /** The visible rest of the line after the name (HTML comments removed), trimmed. */
  argsText: string;
  /** The whole source line, without its line ending. */
  raw: string;
}

/** What a comment body holds: its commands in order, and whether the scan stopped early. */
export interface ExtractedCommands {
  commands: CommandLine[];
  /** True when the body was larger than {@link MAX_SCANNED_CHARS} or had more than {@link MAX_COMMANDS} commands. */
  truncated: boolean;
}

/** More commands than this in one comment is a mistake or an attack; the rest are not run. */
export const MAX_COMMANDS = 200;
/** A comment is scanned up to this many characters (1 MiB), then only up to the last whole line. */
export const MAX_SCANNED_CHARS = 1_048_576;

interface Fence {
  char: '`' | '~';
  length: number;
  /** Column where list-item content starts (0 outside lists): a less-indented line ends the item and the fence. */
  contentIndent: number;
}

interface Line {
  text: string;
  start: number;
}

/** Where a multi-line inline code span ends: the line and the column just after its closing run. */
interface OpenSpan {
  line: number;
  resumeAt: number;
}

const NAME_START = /[A-Za-z]/;
const NAME_CHAR = /[A-Za-z0-9-]/;
const WHITESPACE = /\s/;

/** Column width of the leading whitespace (tabs to the next multiple of 4) and where the text starts. */
function indentation(text: string, from = 0): { column: number; offset: number } {
  let column = 0;
  let offset = from;
  while (offset < text.length) {
    const ch = text[offset];
    if (ch === ' ') column += 1;
    else if (ch === '\t') column += 4 - (column % 4);
    else break;
    offset++;
  }
  return { column, offset };
}

function isBlank(text: string): boolean {
  return indentation(text).offset === text.length;
}

function runLength(text: string, from: number, ch: string): number {
  let end = from;
  while (text[end] === ch) end++;
  return end - from;
}

/**
 * A fence opener (``` or ~~~, 3 or more) at 0–3 columns, possibly after list markers such as
 * `- ` or `1. `, whose content then belongs to the list item.
 */
function fenceOpener(text: string, base = 0): Fence | undefined {
  const { column, offset } = indentation(text);
  if (column - base > 3) return undefined;
  let position = offset;
  let col = column;
  let contentIndent = base;
  const thematicFrom = thematicChecker(text);
  // List markers: `-`, `*`, `+`, or up to 9 digits and `.`/`)`, then at least one space.
  for (;;) {
    const rest = text.slice(position, position + 12);
    const marker = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t])/.exec(rest);
    if (!marker || thematicFrom(position)) break;
    const afterMarker = position + marker[0].length;
    const spaces = indentation(text, afterMarker);
    if (spaces.column > 4) break;
    col += marker[0].length + spaces.column;
    position = spaces.offset;
    contentIndent = col;
  }
  const ch = text[position];
  if (ch !== '`' && ch !== '~') return undefined;
  const length = runLength(text, position, ch);
  if (length < 3) return undefined;
  if (ch === '`' && text.includes('`', position + length)) return undefined;
  return { char: ch, length, contentIndent };
}

function closesFence(text: string, fence: Fence): boolean {
  const { column, offset } = indentation(text);
  if (column < fence.contentIndent || column > fence.contentIndent + 3) return false;
  const length = runLength(text, offset, fence.char);
  return length >= fence.length && isBlank(text.slice(offset + length));
}

/**
 * Lines that end a paragraph (blank) or may start another block (quote, heading, fence, list item,
 * thematic break, setext underline, HTML block): an inline code span or inline HTML comment never
 * runs across them. Over-approximating only means such a construct is read as literal text.
 */
function breaksParagraph(text: string, inQuoteParagraph: boolean): boolean {
  const { column, offset } = indentation(text);
  if (offset === text.length) return true;
  if (column > 3) return false;
  const rest = text.slice(offset);
  const ch = rest[0] ?? '';
  if (ch === '>') {
    // A quote's next line continues its paragraph unless its own content breaks it.
    return !inQuoteParagraph || breaksParagraph(unquote(text), false);
  }
  if (ch === '<') return true;
  if (ch === '`' || ch === '~') return fenceOpener(text) !== undefined;
  if (ch === '#') return /^#{1,6}(?:[ \t]|$)/.test(rest);
  // An empty list item cannot interrupt a paragraph.
  if (/^(?:[-*+]|\d{1,9}[.)])[ \t]+\S/.test(rest)) return true;
  if (/^(?:=+|-+)[ \t]*$/.test(rest)) return true;
  return isThematicBreak(rest);
}

/**
 * For increasing positions in a line, whether the rest of it is a thematic break (which wins over
 * a list item): linear in the line however many positions are asked about.
 */
function thematicChecker(text: string): (from: number) => boolean {
  let char: string | undefined;
  let count = 0;
  let uniformFrom = text.length;
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch !== ' ' && ch !== '\t') {
      char ??= ch === '-' || ch === '*' || ch === '_' ? ch : undefined;
      if (ch !== char) break;
      count++;
    }
    uniformFrom = i;
  }
  let counted = uniformFrom;
  return (from) => {
    if (char === undefined || from < uniformFrom) return false;
    for (; counted < from; counted++) if (text[counted] === char) count--;
    return count >= 3;
  };
}

/** `***`, `- - -`, `___` and the like: a thematic break wins over a list item. */
function isThematicBreak(rest: string): boolean {
  return /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/.test(rest);
}

/**
 * Whether an indented line after this one would continue a paragraph (and so not be code): false
 * after blank lines, headings, thematic breaks, setext underlines and empty quote lines.
 */
function continuesParagraph(text: string): boolean {
  const inner = unquote(text);
  const { column, offset } = indentation(inner);
  if (offset === inner.length) return false;
  if (column > 3) return true;
  const rest = inner.slice(offset);
  if (isHeading(rest) || /^(?:=+|-+)[ \t]*$/.test(rest) || isThematicBreak(rest)) return false;
  const block = blockContentStart(inner);
  return !(block.offset >= 0 && inner.startsWith('<!--', block.offset));
}

/** ATX headings are one line long: no inline construct continues past them. */
function isHeading(text: string): boolean {
  const { column, offset } = indentation(text);
  return column <= 3 && /^#{1,6}(?:[ \t]|$)/.test(text.slice(offset, offset + 7));
}

/** Where a line's block content starts, after `>` quote and list markers, and inside what. */
interface BlockStart {
  /** Offset of the content, or -1 when it is indented code. */
  offset: number;
  quoted: boolean;
  /** Column where list-item content starts (0 outside lists). */
  listColumn: number;
  /** Content columns of the list items this line opens, outermost first, before any quote. */
  opens: number[];
  /** The line is only list markers: after a paragraph that is a setext underline or text, not a list. */
  empty: boolean;
}

/**
 * An HTML comment opened at a line's block content start is an HTML block, which hides everything
 * up to its `-->`, blank lines included.
 */
function blockContentStart(text: string, base = 0): BlockStart {
  const first = indentation(text);
  const result: BlockStart = {
    offset: first.column - base > 3 ? -1 : first.offset,
    quoted: false,
    listColumn: base,
    opens: [],
    empty: false,
  };
  let position = first.offset;
  let column = first.column;
  const thematicFrom = thematicChecker(text);
  while (result.offset >= 0) {
    if (text[position] === '>') {
      const after = indentation(text, position + 1);
      result.quoted = true;
      column += 1 + after.column;
      position = after.offset;
      continue;
    }
    const marker = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t])/.exec(text.slice(position, position + 11));
    if (!marker || thematicFrom(position)) break;
    const after = indentation(text, position + marker[0].length);
    const markerColumn = column + marker[0].length;
    column = markerColumn + after.column;
    position = after.offset;
    // An item that starts blank has its content one column after the marker; five or more
    // spaces after a marker start indented code inside the item.
    result.empty = position === text.length;
    if (result.empty) result.listColumn = markerColumn + 1;
    else if (after.column > 4) result.offset = -1;
    else result.listColumn = column;
    if (!result.quoted) result.opens.push(result.listColumn);
  }
  if (result.offset >= 0) result.offset = position;
  return result;
}

/** True when a line still belongs to the quote or list item an HTML block was opened in. */
function staysInContainer(text: string, container: BlockStart): boolean {
  const { column, offset } = indentation(text);
  if (container.quoted) return column <= 3 && text[offset] === '>';
  if (container.listColumn > 0) return offset === text.length || column >= container.listColumn;
  return true;
}

function isQuoted(text: string): boolean {
  const { column, offset } = indentation(text);
  return column <= 3 && text[offset] === '>';
}

/** The text of a quoted line without its `>` markers, to follow fences inside the quote. */
function unquote(text: string): string {
  let position = 0;
  for (;;) {
    const { column, offset } = indentation(text, position);
    if (column > 3 || text[offset] !== '>') return text.slice(position);
    position = offset + 1;
    if (text[position] === ' ') position++;
  }
}

function firstGreaterThan(sorted: readonly number[], value: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) <= value) low = mid + 1;
    else high = mid;
  }
  return sorted[low];
}

/**
 * Scans a comment body like GitHub renders it and returns the slash-commands a reader sees at the
 * start of a line. Commands in quotes, fenced or indented code, inline code and HTML comments are
 * ignored, because quoting or showing a command must never run it. The scan is linear in the body
 * size and stops at {@link MAX_SCANNED_CHARS} characters and {@link MAX_COMMANDS} commands.
 */
export function extractCommandLines(body: string): ExtractedCommands {
  let text = body;
  let truncated = false;
  if (body.length > MAX_SCANNED_CHARS) {
    truncated = true;
    text = body.slice(0, MAX_SCANNED_CHARS);
    const next = body[MAX_SCANNED_CHARS];
    if (next !== '\n' && next !== '\r') {
      // Drop the partial last line: half a command must not run.
      const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
      text = text.slice(0, cut + 1);
    }
  }

  const lines: Line[] = [];
  const breaker = /\r\n|\r|\n/g;
  let lineStart = 0;
  for (let match = breaker.exec(text); match; match = breaker.exec(text)) {
    lines.push({ text: text.slice(lineStart, match.index), start: lineStart });
    lineStart = match.index + match[0].length;
  }
  if (lineStart < text.length || lines.length === 0) {
    lines.push({ text: text.slice(lineStart), start: lineStart });
  }

  // Paragraph breaks seen before each line, to tell whether an inline construct may continue.
  const breaksBefore: number[] = [0];
  let quoteParagraph = false;
  lines.forEach((l, i) => {
    const breaks = breaksParagraph(l.text, quoteParagraph);
    breaksBefore.push((breaksBefore[i] ?? 0) + (breaks ? 1 : 0));
    // Lazy continuation lines keep a quote's paragraph open.
    if (isQuoted(l.text)) quoteParagraph = !breaksParagraph(unquote(l.text), false);
    else if (breaks) quoteParagraph = false;
  });
  const lineStarts = lines.map((l) => l.start);

  // Every maximal backtick run, by length, in order: closing runs are found by binary search.
  const runsByLength = new Map<number, number[]>();
  for (let i = text.indexOf('`'); i >= 0;) {
    const length = runLength(text, i, '`');
    const list = runsByLength.get(length) ?? [];
    list.push(i);
    runsByLength.set(length, list);
    i = text.indexOf('`', i + length);
  }

  let closerSearchFrom = -1;
  let closerFound = -1;
  /** First `-->` at or after `from`; calls come in increasing order, so the search is memoised. */
  const nextCommentClose = (from: number): number => {
    if (
      closerSearchFrom >= 0 &&
      closerSearchFrom <= from &&
      (closerFound === -1 || closerFound >= from)
    ) {
      return closerFound;
    }
    closerSearchFrom = from;
    closerFound = text.indexOf('-->', from);
    return closerFound;
  };

  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };

  /** True when no paragraph break lies between line `from` (exclusive) and line `to` (inclusive). */
  const sameParagraph = (from: number, to: number): boolean =>
    (breaksBefore[to + 1] ?? 0) - (breaksBefore[from + 1] ?? 0) === 0;

  let fence: Fence | undefined;
  let quoteFence: Fence | undefined;
  /**
   * Inside an HTML comment: `inline` was checked to close within its paragraph; `block` hides up to
   * its `-->` while `container` (the quote or list item it was opened in) lasts; `dangling` was left
   * open in raw HTML output, which hides everything up to the next `-->` that is raw HTML too (the
   * next HTML-block comment), or to the end.
   */
  let comment: 'block' | 'inline' | 'dangling' | undefined;
  let container: BlockStart | undefined;
  let span: OpenSpan | undefined;
  /** Whether the previous line continues a paragraph: an indented line then is not code. */
  let inParagraph = false;
  /** Content columns of the (nested) list items the current lines belong to. */
  const listColumns: number[] = [];
  let listColumn = 0;
  const commands: CommandLine[] = [];

  /**
   * Reads the inline part of line `i` from column `from`: skips code spans, removes HTML comments,
   * and opens a comment or code span that continues on later lines. Returns the visible text. In
   * `raw` mode (the rest of an HTML block's line) backticks are plain text and a comment left open
   * dangles.
   */
  const scanInline = (i: number, from: number, rawStart = false): string => {
    const { text: lineText, start } = lines[i] ?? { text: '', start: 0 };
    const block = blockContentStart(lineText, listColumn);
    const canContinue = !isHeading(lineText);
    let raw = rawStart;
    let visible = '';
    let position = from;
    let copiedFrom = from;
    while (position < lineText.length) {
      const ch = lineText[position];
      if (ch === '`' && !raw) {
        const length = runLength(lineText, position, '`');
        const closer = firstGreaterThan(runsByLength.get(length) ?? [], start + position);
        if (closer !== undefined) {
          const closerLine = lineOf(closer);
          if (closerLine === i) {
            position = closer - start + length;
            continue;
          }
          if (canContinue && sameParagraph(i, closerLine)) {
            visible += lineText.slice(copiedFrom);
            span = {
              line: closerLine,
              resumeAt: closer - (lines[closerLine]?.start ?? 0) + length,
            };
            return visible;
          }
        }
        position += length;
        continue;
      }
      if (ch === '<' && lineText.startsWith('<!--', position)) {
        const close = nextCommentClose(start + position + 2);
        const closeLine = close < 0 ? -1 : lineOf(close);
        const opensBlock = position === block.offset;
        visible += lineText.slice(copiedFrom, position);
        if (closeLine === i) {
          position = close - start + 3;
          copiedFrom = position;
          // The rest of an HTML block's last line is raw HTML, not Markdown.
          raw ||= opensBlock;
          continue;
        }
        if (raw) {
          comment = 'dangling';
        } else if (opensBlock) {
          comment = 'block';
          container = block;
        } else if (canContinue && closeLine >= 0 && sameParagraph(i, closeLine)) {
          comment = 'inline';
        } else {
          // Never closed in its paragraph: GitHub shows it as text.
          visible += '<!--';
          position += 4;
          copiedFrom = position;
          continue;
        }
        return visible;
      }
      position++;
    }
    return visible + lineText.slice(copiedFrom);
  };

  for (let i = 0; i < lines.length; i++) {
    const lineText = lines[i]?.text ?? '';
    if (span) {
      if (i < span.line) continue;
      const resumeAt = span.resumeAt;
      span = undefined;
      scanInline(i, resumeAt);
      continue;
    }
    if (comment === 'block' && container && !staysInContainer(lineText, container)) {
      // The quote or list item ended first: the comment stays open in the HTML output.
      comment = 'dangling';
      listColumns.length = 0;
    }
    if (comment === 'dangling') {
      // Fenced code is escaped in the output: its `-->` cannot close the dangling comment.
      if (fence) {
        if (closesFence(lineText, fence)) fence = undefined;
        continue;
      }
      fence = fenceOpener(lineText);
      if (fence) continue;
      const block = blockContentStart(lineText);
      if (block.offset < 0 || !lineText.startsWith('<!--', block.offset)) continue;
      // An HTML-block comment: its raw `-->` closes the dangling one too.
      const close = lineText.indexOf('-->', block.offset + 2);
      if (close < 0) {
        comment = 'block';
        container = block;
        continue;
      }
      comment = undefined;
      inParagraph = false;
      scanInline(i, close + 3, true);
      continue;
    }
    if (comment) {
      const close = lineText.indexOf('-->');
      if (close < 0) continue;
      const wasBlock = comment === 'block';
      comment = undefined;
      inParagraph = !wasBlock;
      scanInline(i, close + 3, wasBlock);
      continue;
    }
    if (fence) {
      if (closesFence(lineText, fence)) {
        fence = undefined;
        continue;
      }
      const { column } = indentation(lineText);
      if (fence.contentIndent === 0 || isBlank(lineText) || column >= fence.contentIndent) continue;
      fence = undefined; // a less-indented line ends the list item, and the fence with it
    }
    const wasInParagraph = inParagraph;
    const { column, offset } = indentation(lineText);
    inParagraph = continuesParagraph(lineText);
    if (offset === lineText.length) {
      quoteFence = undefined;
      continue;
    }
    // Lines indented to a list item's content belong to it: read their blocks relative to it.
    // A less-indented line ends list items, unless it lazily continues an item's paragraph.
    const lazy = wasInParagraph && !breaksParagraph(lineText, false);
    while (!lazy && (listColumns.at(-1) ?? 0) > column) listColumns.pop();
    listColumn = listColumns.at(-1) ?? 0;
    const item = blockContentStart(lineText, listColumn);
    if (item.offset >= 0 && !(item.empty && wasInParagraph)) {
      for (const opened of item.opens) listColumns.push(opened);
    }
    listColumn = listColumns.at(-1) ?? 0;
    const base = listColumn;
    if (column - base <= 3 && lineText[offset] === '>') {
      // Quoted: never a command. Follow fences inside the quote, and read the rest for comments
      // and code spans, which can continue onto the lines after the quote.
      const inner = unquote(lineText);
      if (quoteFence) {
        if (closesFence(inner, quoteFence)) quoteFence = undefined;
        continue;
      }
      quoteFence = fenceOpener(inner);
      if (!quoteFence) scanInline(i, lineText.length - inner.length);
      continue;
    }
    quoteFence = undefined;
    if (column - base > 3) {
      // Indented code is never read. A paragraph's indented continuation line is not a command
      // either, but it may open a comment or code span that hides the lines after it.
      if (wasInParagraph) scanInline(i, offset);
      else inParagraph = false;
      continue;
    }
    const opener = fenceOpener(lineText, base);
    if (opener) {
      fence = opener;
      inParagraph = false;
      continue;
    }
    if (column <= 3 && lineText[offset] === '/' && NAME_START.test(lineText[offset + 1] ?? '')) {
      let end = offset + 2;
      while (end < lineText.length && NAME_CHAR.test(lineText[end] ?? '')) end++;
      if (end === lineText.length || WHITESPACE.test(lineText[end] ?? '')) {
        const argsText = scanInline(i, end).trim();
        if (commands.length === MAX_COMMANDS) {
          truncated = true;
          break;
        }
        commands.push({
          index: commands.length,
          line: i + 1,
          name: lineText.slice(offset + 1, end).toLowerCase(),
          argsText,
          raw: lineText,
        });
        continue;
      }
    }
    scanInline(i, offset);
  }
  return { commands, truncated };
}
