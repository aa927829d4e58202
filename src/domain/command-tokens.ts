import { closestCommand } from './suggest.js';
import { quoted } from './parsed.js';

/** How each `--option` of a command is read: `string` takes a value, `boolean` is a switch. */
export type OptionSpec = Record<string, 'string' | 'boolean'>;

/** Positional arguments and `--options` of one command line. */
export type SplitOptions =
  | { ok: true; positional: string[]; options: Record<string, string | boolean> }
  | { ok: false; error: string };

/** Opening quote → the characters that close it (phones type “…”, „…“ and ‘…’). */
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d\u201c', // “ … ” (or “ … “)
  '\u201e': '\u201c\u201d', // „ … “ (German), „ … ”
  '\u201d': '\u201d', // ” … ” (Swedish)
  '\u2018': '\u2019\u2018', // ‘ … ’
};
const DOUBLE_QUOTES = new Set(['"', '\u201c', '\u201e', '\u201d']);
const SPACE = /\s/;

/**
 * Splits a command's argument text into words the way a shell would, so that a reason or a range
 * can be quoted: `"vendor asked"`, `'…'` and the typographic quotes phones insert. A quote opens
 * only at the start of a word or right after `=` and closes only before a space or the end, so
 * apostrophes (`reporter's`) stay plain text. Inside double quotes `\"` and `\\` are escapes.
 */
export function tokenize(
  argsText: string,
): { ok: true; tokens: string[] } | { ok: false; error: string } {
  const tokens: string[] = [];
  let current: string | undefined;
  let i = 0;
  while (i < argsText.length) {
    const ch = argsText[i] ?? '';
    if (SPACE.test(ch)) {
      if (current !== undefined) tokens.push(current);
      current = undefined;
      i++;
      continue;
    }
    const closers = QUOTES[ch];
    const opensQuote = closers !== undefined && (current === undefined || current.endsWith('='));
    if (!opensQuote) {
      current = (current ?? '') + ch;
      i++;
      continue;
    }
    const escapes = DOUBLE_QUOTES.has(ch);
    let value = '';
    let j = i + 1;
    let closed = false;
    while (j < argsText.length) {
      const c = argsText[j] ?? '';
      const next = argsText[j + 1];
      if (
        escapes &&
        c === '\\' &&
        next !== undefined &&
        (next === '\\' || closers.includes(next))
      ) {
        value += next;
        j += 2;
        continue;
      }
      if (closers.includes(c) && (next === undefined || SPACE.test(next))) {
        closed = true;
        break;
      }
      value += c;
      j++;
    }
    if (!closed) {
      return {
        ok: false,
        error: `Unclosed quote ${ch} in ${quoted(argsText.slice(i))}; close it or remove it`,
      };
    }
    current = (current ?? '') + value;
    i = j + 1;
  }
  if (current !== undefined) tokens.push(current);
  return { ok: true, tokens };
}

/** Phones turn `--` into an en or em dash; read `—force` as `--force`. */
function optionName(token: string): string | undefined {
  const match = /^(?:--|\u2014|\u2013)([A-Za-z][A-Za-z0-9_-]*)(?:=|$)/.exec(token);
  return match?.[1]?.toLowerCase().replaceAll('_', '-');
}

function listOptions(spec: OptionSpec): string {
  const names = Object.keys(spec);
  return names.length === 0
    ? 'this command takes no options'
    : `this command takes ${names.map((n) => `\`--${n}\``).join(', ')}`;
}

/**
 * Separates `--name value`, `--name=value` and boolean `--name` options (declared in `spec`) from
 * positional arguments, so each command reads options the same way. `--` ends the options.
 */
export function splitOptions(tokens: readonly string[], spec: OptionSpec): SplitOptions {
  const positional: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '--') {
      positional.push(...tokens.slice(i + 1));
      break;
    }
    const name = optionName(token);
    if (name === undefined) {
      positional.push(token);
      continue;
    }
    const type = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (type === undefined) {
      const guess = closestCommand(name, Object.keys(spec));
      const hint = guess ? `did you mean \`--${guess}\`? ` : '';
      return { ok: false, error: `Unknown option ${quoted(token)}: ${hint}${listOptions(spec)}` };
    }
    if (Object.hasOwn(options, name)) {
      return { ok: false, error: `\`--${name}\` is given twice; give it once` };
    }
    const equals = token.indexOf('=');
    if (type === 'boolean') {
      if (equals >= 0) {
        return {
          ok: false,
          error: `\`--${name}\` is a switch and takes no value; write just \`--${name}\``,
        };
      }
      options[name] = true;
      continue;
    }
    if (equals >= 0) {
      options[name] = token.slice(equals + 1);
      continue;
    }
    const value = tokens[i + 1];
    if (value === undefined || optionName(value) !== undefined) {
      return { ok: false, error: `\`--${name}\` needs a value, e.g. \`--${name} VALUE\`` };
    }
    options[name] = value;
    i++;
  }
  return { ok: true, positional, options };
}
