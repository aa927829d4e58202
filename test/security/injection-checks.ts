/**
 * What "user text echoed safely" means, as checks over text the App writes. Each hostile token
 * below is planted in user input; the checks fail when one survives in a form that renders or
 * acts (a ping, a link, a checkbox, a hidden comment, a forged case file or reply reference).
 */

/**
 * One line of hostile text: mentions, links, images, HTML, hidden state markers (a case file, a
 * reply reference, a v1 record), a checkbox.
 */
export const HOSTILE =
  '@victim @evilorg/everyone [x](https://evil.example/a) ![i](https://evil.example/i.png) ' +
  '<https://evil.example/b> https://evil.example/c www.evil.example <a href="https://evil.example/d">d</a> ' +
  '<img src=x onerror=alert(1)> <!-- hidden --> <!-- advisory-pilot:record {"v":1,"id":"pwn"} --> ' +
  '<!-- advisory-pilot:case-file {"file":{"v":2},"sig":"pwn"} --> ' +
  '<!-- advisory-pilot:reply {"ref":{"job":"pwn"},"sig":"pwn"} --> ' +
  '- [x] pwn acme/widget#2 <details><summary>pwn</summary> --> `code` <!--';

/** Several lines of hostile text (a report description, a multi-line field). */
export const HOSTILE_BLOCK = [
  '@victim please look',
  '- [ ] pwn box',
  '* [x] pwn box',
  '1. [ ] pwn box',
  '<!-- hidden -->',
  '[link](https://evil.example/e)',
  '# pwn heading',
  '<details><summary>pwn</summary>',
  '<!-- advisory-pilot:status:start -->',
  '<!-- item:published -->',
].join('\n');

/** The App's own hidden markers: the only HTML comments allowed in what it writes. */
const OWN_COMMENT =
  /^<!-- (?:advisory-pilot:(?:record |status:start -->|status:end -->|case \S+ \S+ -->|dashboard -->)|item:[a-z0-9-]+ -->)/;

/** Removes inline code spans and fenced blocks: inside them nothing renders, links or pings. */
export function withoutCode(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text.charAt(i);
      i++;
      continue;
    }
    let run = 0;
    while (text[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    let close = text.indexOf(fence, i + run);
    while (close >= 0 && text[close + run] === '`') {
      let skip = close;
      while (text[skip] === '`') skip++;
      close = text.indexOf(fence, skip);
    }
    if (close < 0) {
      out += fence;
      i += run;
    } else {
      out += ' ';
      i = close + run;
    }
  }
  return out;
}

/** Where the text comes from: what the App itself may legitimately put there. */
export interface TextKind {
  /** The advisory description template: fixed guidance comments under each heading. */
  guidance?: boolean;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Why a text the App writes is unsafe, or an empty list. */
export function injectionProblems(text: string, options: TextKind = {}): string[] {
  const problems: string[] = [];
  const prose = withoutCode(text);
  if (count(text, '<!-- advisory-pilot:status:start -->') > 1)
    problems.push('a second status start');
  if (count(text, '<!-- advisory-pilot:status:end -->') > 1) problems.push('a second status end');
  if (count(text, '<!-- advisory-pilot:case ') > 1) problems.push('a second case marker');
  // Callers pass texts without the App's own verified markers (a comment's signed reply
  // reference, the body's signed case file): any left came from user text.
  if (text.includes('<!-- advisory-pilot:record ')) problems.push('a record marker in text');
  if (text.includes('<!-- advisory-pilot:case-file ')) problems.push('a case file marker in text');
  if (text.includes('<!-- advisory-pilot:reply ')) problems.push('a reply reference in text');
  for (const line of text.split('\n').filter((l) => l.includes('<!-- item:'))) {
    if (!/^- .*<!-- item:[a-z0-9-]+ -->\s*$/.test(line) || line.includes('pwn'))
      problems.push(`a checklist key from user text: ${line.slice(0, 80)}`);
  }
  if (/@victim|@evilorg/i.test(text)) problems.push('a raw @mention from user text');
  if (text.includes('acme/widget#2')) problems.push('a cross-reference from user text');
  for (const line of prose.split('\n')) {
    if (/^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]/.test(line) && !line.includes('<!-- item:'))
      problems.push(`a checkbox: ${line.slice(0, 80)}`);
    if (/^#{1,6}\s+pwn/.test(line)) problems.push('a heading from user text');
  }
  for (let at = text.indexOf('<!--'); at >= 0; at = text.indexOf('<!--', at + 4)) {
    const rest = text.slice(at, at + 200);
    const guidance =
      options.guidance && /^<!-- [^<>@]*? -->/.test(rest) && !/pwn|hidden/.test(rest);
    if (!OWN_COMMENT.test(rest) && !guidance)
      problems.push(`an HTML comment not written by the App: ${rest.slice(0, 60)}`);
  }
  // A zero-width space after `https:` or `www` stops autolinking; the plain forms must not appear.
  if (/https?:\/\/evil\.example/i.test(prose)) problems.push('a link to evil.example');
  if (/www\.evil\.example/i.test(prose)) problems.push('an autolinked www.evil.example');
  if (/(?<!\\)\]\([^)]*evil/i.test(prose)) problems.push('a Markdown link or image');
  if (/<a\s+href|<img\s|<summary>pwn/i.test(prose)) problems.push('raw HTML from user text');
  return problems;
}
