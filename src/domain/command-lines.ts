import {
  type Fence,
  indentation,
  isBlank,
  runLength,
  fenceOpener,
  closesFence,
  breaksParagraph,
  continuesParagraph,
  isHeading,
  type BlockStart,
  blockContentStart,
  staysInContainer,
  isQuoted,
  unquote,
} from './markdown-blocks.js';

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

const NAME_START = /[A-Za-z]/;
const NAME_CHAR = /[A-Za-z0-9-]/;
const WHITESPACE = /\s/;

interface Line {
  text: string;
  start: number;
}

/** Where a multi-line inline code span ends: the line and the column just after its closing run. */
interface OpenSpan {
  line: number;
  resumeAt: number;
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
