/**
 * Block-level Markdown as GitHub renders it, line by line: indentation, fences, quotes, list
 * items, thematic breaks, headings and HTML blocks. The command extractor uses it to tell a
 * command a reader sees from one shown in code or quoted.
 */

/** An open fenced code block: what closes it, and the list item it belongs to. */
export interface Fence {
  char: '`' | '~';
  length: number;
  /** Column where list-item content starts (0 outside lists): a less-indented line ends the item and the fence. */
  contentIndent: number;
}

/** Column width of the leading whitespace (tabs to the next multiple of 4) and where the text starts. */
export function indentation(text: string, from = 0): { column: number; offset: number } {
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

/** A line of only spaces and tabs. */
export function isBlank(text: string): boolean {
  return indentation(text).offset === text.length;
}

/** How many `ch` follow one another from `from` (fence and emphasis runs). */
export function runLength(text: string, from: number, ch: string): number {
  let end = from;
  while (text[end] === ch) end++;
  return end - from;
}

/**
 * A fence opener (``` or ~~~, 3 or more) at 0–3 columns, possibly after list markers such as
 * `- ` or `1. `, whose content then belongs to the list item.
 */
export function fenceOpener(text: string, base = 0): Fence | undefined {
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

/** A closing fence: the same character, at least as long, at most 3 columns in, only spaces after. */
export function closesFence(text: string, fence: Fence): boolean {
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
export function breaksParagraph(text: string, inQuoteParagraph: boolean): boolean {
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
export function continuesParagraph(text: string): boolean {
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
export function isHeading(text: string): boolean {
  const { column, offset } = indentation(text);
  return column <= 3 && /^#{1,6}(?:[ \t]|$)/.test(text.slice(offset, offset + 7));
}

/** Where a line's block content starts, after `>` quote and list markers, and inside what. */
export interface BlockStart {
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
export function blockContentStart(text: string, base = 0): BlockStart {
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
export function staysInContainer(text: string, container: BlockStart): boolean {
  const { column, offset } = indentation(text);
  if (container.quoted) return column <= 3 && text[offset] === '>';
  if (container.listColumn > 0) return offset === text.length || column >= container.listColumn;
  return true;
}

/** A line of a block quote (`>` at 0–3 columns). */
export function isQuoted(text: string): boolean {
  const { column, offset } = indentation(text);
  return column <= 3 && text[offset] === '>';
}

/** The text of a quoted line without its `>` markers, to follow fences inside the quote. */
export function unquote(text: string): string {
  let position = 0;
  for (;;) {
    const { column, offset } = indentation(text, position);
    if (column > 3 || text[offset] !== '>') return text.slice(position);
    position = offset + 1;
    if (text[position] === ' ') position++;
  }
}
