import { valid as validSemver } from 'semver';
import { z } from 'zod';
import { Severity } from './case.js';
import { inlineCode } from './neutralize.js';
import { closestCommand } from './suggest.js';

/**
 * The result of reading one piece of user input. Errors say what was wrong and what to type
 * instead, have no trailing full stop (callers append `. Usage: …`), and show user text only
 * through {@link inlineCode}, so they are safe to echo in a comment.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** How each `--option` of a command is read: `string` takes a value, `boolean` is a switch. */
export type OptionSpec = Record<string, 'string' | 'boolean'>;

/** Positional arguments and `--options` of one command line. */
export type SplitOptions =
  | { ok: true; positional: string[]; options: Record<string, string | boolean> }
  | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T = never>(error: string): Parsed<T> => ({ ok: false, error });

/** How much of the user's text an error quotes. */
const QUOTE_LIMIT = 40;
const code = (text: string): string => inlineCode(text, { maxLength: QUOTE_LIMIT });

// ---------------------------------------------------------------------------------------------
// Tokens

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
        error: `Unclosed quote ${ch} in ${code(argsText.slice(i))}; close it or remove it`,
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
      return { ok: false, error: `Unknown option ${code(token)}: ${hint}${listOptions(spec)}` };
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

// ---------------------------------------------------------------------------------------------
// People

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function loginProblem(login: string, what: string): string | undefined {
  if (login.length === 0) return `Name ${what}`;
  if (login.length > 39)
    return `${code(login)} is too long for a GitHub name (at most 39 characters)`;
  if (!LOGIN.test(login)) {
    return `${code(login)} is not a GitHub name: use letters, digits and single hyphens, not at the start or end`;
  }
  return undefined;
}

/** A GitHub user, typed `@octocat` or `octocat`; the value is the login without `@`. */
export function parseUser(text: string): Parsed<string> {
  const trimmed = text.trim();
  const login = trimmed.startsWith('@') ? trimmed.slice(1) : trimmed;
  if (login.includes('/')) {
    return fail(`${code(trimmed)} is a team; name one user, e.g. \`@octocat\``);
  }
  const problem = loginProblem(login, 'a GitHub user, e.g. `@octocat`');
  return problem === undefined ? ok(login) : fail(problem);
}

/** A team (organisation and slug) as GitHub's API wants it. */
export interface TeamRef {
  org: string;
  /** The team slug, lower-cased (GitHub slugs are). */
  slug: string;
}

/** A team typed `@org/team-slug` (the `@` is optional). */
export function parseTeam(text: string): Parsed<TeamRef> {
  const trimmed = text.trim();
  const bare = trimmed.startsWith('@') ? trimmed.slice(1) : trimmed;
  const slash = bare.indexOf('/');
  if (slash < 0) {
    return fail(
      `${code(trimmed || '(nothing)')} is not a team; write \`@org/team-slug\`, e.g. \`@acme/security\``,
    );
  }
  const org = bare.slice(0, slash);
  const slug = bare.slice(slash + 1);
  const orgProblem = loginProblem(org, 'the organisation, e.g. `@acme/security`');
  if (orgProblem !== undefined) return fail(orgProblem);
  if (slug.length === 0 || slug.length > 100 || !TEAM_SLUG.test(slug)) {
    return fail(
      `${code(slug || trimmed)} is not a team slug: use the slug from the team's URL (letters, digits, \`-\`, \`_\`), e.g. \`@acme/security\``,
    );
  }
  return ok({ org, slug: slug.toLowerCase() });
}

/** Who `/invite` adds: a user or a team. */
export type UserOrTeam = { kind: 'user'; login: string } | ({ kind: 'team' } & TeamRef);

/** `@user` or `@org/team`: a slash makes it a team. */
export function parseUserOrTeam(text: string): Parsed<UserOrTeam> {
  if (text.includes('/')) {
    const team = parseTeam(text);
    return team.ok ? ok({ kind: 'team', ...team.value }) : team;
  }
  const user = parseUser(text);
  return user.ok ? ok({ kind: 'user', login: user.value }) : user;
}

// ---------------------------------------------------------------------------------------------
// Versions, refs, URLs, paths

/** A semantic version, `0.71.1` or `v0.71.1`; the value is normalised without `v`. */
export function parseVersion(text: string): Parsed<string> {
  const trimmed = text.trim();
  const bare = /^[vV]\d/.test(trimmed) ? trimmed.slice(1) : trimmed;
  const version = validSemver(bare);
  if (version !== null) return ok(version);
  if (/^\d+(?:\.\d+)?$/.test(bare)) {
    const padded = bare.includes('.') ? `${bare}.0` : `${bare}.0.0`;
    return fail(
      `${code(trimmed)} is not a full version; write all three parts, e.g. \`${padded}\``,
    );
  }
  return fail(
    `${code(trimmed || '(nothing)')} is not a version; write MAJOR.MINOR.PATCH, e.g. \`0.71.1\``,
  );
}

/** What a fix points at: a commit, a branch or tag, a pull request, or a commit URL. */
export type Ref =
  | { kind: 'sha'; sha: string }
  | { kind: 'ref'; name: string }
  | { kind: 'pull'; owner: string; repo: string; number: number; url: string }
  | { kind: 'commit-url'; owner: string; repo: string; sha: string; url: string };

const SHA = /^[0-9a-fA-F]{7,40}$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Why a branch or tag name breaks `git check-ref-format --allow-onelevel`, if it does. */
function refNameProblem(name: string): string | undefined {
  if (name === '@') return 'is only `@`';
  if (name.startsWith('-')) return 'starts with `-`';
  if (name.startsWith('/') || name.endsWith('/')) return 'starts or ends with `/`';
  if (name.includes('//')) return 'has `//`';
  if (name.includes('..')) return 'has `..`';
  if (name.includes('@{')) return 'has `@{`';
  if (name.endsWith('.')) return 'ends with `.`';
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(name);
  if (bad) return bad[0] === ' ' ? 'has a space' : `has ${code(bad[0])}`;
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'has a part starting with `.`';
    if (part.endsWith('.lock')) return 'has a part ending with `.lock`';
  }
  return undefined;
}

function parseGithubUrl(text: string): Parsed<Ref> {
  const usage =
    'link a pull request (`https://github.com/o/r/pull/12`) or a commit (`https://github.com/o/r/commit/<sha>`)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`${code(text)} is not a valid URL; ${usage}`);
  }
  if (
    url.protocol !== 'https:' ||
    (url.hostname !== 'github.com' && url.hostname !== 'www.github.com')
  ) {
    return fail(`${code(text)} is not a github.com URL; ${usage}`);
  }
  const [owner = '', repo = '', kind = '', id = '', ...rest] = url.pathname.split('/').slice(1);
  if (!OWNER.test(owner) || !REPO.test(repo))
    return fail(`${code(text)} does not name a repository; ${usage}`);
  const href = `https://github.com/${owner}/${repo}/${kind}/${id}`;
  if (kind === 'pull' && /^[1-9]\d{0,9}$/.test(id)) {
    if (rest[0] === 'commits' && rest[1] !== undefined && SHA.test(rest[1])) {
      const sha = rest[1].toLowerCase();
      return ok({
        kind: 'commit-url',
        owner,
        repo,
        sha,
        url: `https://github.com/${owner}/${repo}/commit/${sha}`,
      });
    }
    return ok({ kind: 'pull', owner, repo, number: Number(id), url: href });
  }
  if (kind === 'commit' && SHA.test(id) && rest.every((part) => part === '')) {
    const sha = id.toLowerCase();
    return ok({
      kind: 'commit-url',
      owner,
      repo,
      sha,
      url: `https://github.com/${owner}/${repo}/commit/${sha}`,
    });
  }
  return fail(`${code(text)} is neither a pull request nor a commit URL; ${usage}`);
}

/**
 * Where a fix lives: a commit SHA (7–40 hex digits), a branch or tag name valid for git, or a
 * GitHub pull-request or commit URL. Hex-only names are read as SHAs.
 */
export function parseRef(text: string): Parsed<Ref> {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    return fail('Name the fix: a commit SHA, a branch or tag, or a pull-request URL');
  }
  if (/^https?:\/\//i.test(trimmed)) return parseGithubUrl(trimmed);
  if (SHA.test(trimmed)) return ok({ kind: 'sha', sha: trimmed.toLowerCase() });
  if (trimmed.length > 255)
    return fail('That ref is too long; give a commit SHA or a pull-request URL');
  const problem = refNameProblem(trimmed);
  if (problem !== undefined) {
    return fail(
      `${code(trimmed)} is not a valid branch or tag name (it ${problem}); give a commit SHA, a branch or tag, or a pull-request URL`,
    );
  }
  return ok({ kind: 'ref', name: trimmed });
}

/** An http(s) URL, e.g. a health feed or a vendor notice; `<…>` around it is accepted. */
export function parseUrl(text: string): Parsed<string> {
  const trimmed = text.trim().replace(/^<(.*)>$/s, '$1');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail(
      `${code(trimmed || '(nothing)')} is not a URL; write it in full, e.g. \`https://example.com/notice\``,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(
      `${code(trimmed)} is not a web address; only \`https://\` and \`http://\` URLs are accepted`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      'That URL has a user name or password in it; remove them and send the plain address',
    );
  }
  return ok(url.href);
}

/** A file or folder path relative to a repository's root, e.g. `test/auth.test.ts`. */
export function parseRepoPath(text: string): Parsed<string> {
  const trimmed = text.trim();
  const example = 'e.g. `packages/server/test/auth.test.ts`';
  if (trimmed.length === 0) return fail(`Name a path in the repository, ${example}`);
  if (trimmed.length > 4096) return fail('That path is too long (at most 4096 characters)');
  if (trimmed.includes('\\'))
    return fail(`${code(trimmed)} uses \`\\\`; write paths with \`/\`, ${example}`);
  if (trimmed.startsWith('/') || /^[A-Za-z]:/.test(trimmed) || trimmed.startsWith('~')) {
    return fail(
      `${code(trimmed)} is absolute; write it relative to the repository root, ${example}`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    return fail('That path has control characters; remove them');
  const path = trimmed.replace(/^(?:\.\/)+/, '').replace(/\/$/, '');
  const parts = path.split('/');
  if (parts.includes('..'))
    return fail(`${code(trimmed)} goes up with \`..\`; stay inside the repository, ${example}`);
  if (path.length === 0 || parts.some((part) => part === '' || part === '.')) {
    return fail(`${code(trimmed)} has an empty or \`.\` part; write a plain path, ${example}`);
  }
  return ok(path);
}

// ---------------------------------------------------------------------------------------------
// Identifiers and enums

const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;

/** A GitHub advisory ID, `GHSA-xxxx-xxxx-xxxx`; the value has the prefix upper-cased and the rest lower. */
export function parseGhsaId(text: string): Parsed<string> {
  const trimmed = text.trim();
  const normal = trimmed.length === 19 ? `GHSA${trimmed.slice(4).toLowerCase()}` : trimmed;
  if (/^ghsa-/i.test(trimmed) && GHSA.test(normal)) return ok(normal);
  return fail(
    `${code(trimmed || '(nothing)')} is not a GitHub advisory ID; it looks like \`GHSA-8x2f-9vjp-q4w3\` (three groups of four from \`23456789cfghjmpqrvwx\`)`,
  );
}

/** A CVE ID, `CVE-2026-12345`; the value is upper-cased. */
export function parseCveId(text: string): Parsed<string> {
  const trimmed = text.trim();
  const match = /^CVE-(\d{4})-(\d{4,19})$/i.exec(trimmed);
  const year = Number(match?.[1]);
  const sequence = match?.[2] ?? '';
  if (!match || year < 1999 || (sequence.length > 4 && sequence.startsWith('0'))) {
    return fail(
      `${code(trimmed || '(nothing)')} is not a CVE ID; it looks like \`CVE-2026-12345\``,
    );
  }
  return ok(trimmed.toUpperCase());
}

/** The credit types GitHub accepts on an advisory. */
export const CreditType = z.enum([
  'analyst',
  'finder',
  'reporter',
  'coordinator',
  'remediation_developer',
  'remediation_reviewer',
  'remediation_verifier',
  'tool',
  'sponsor',
  'other',
]);
export type CreditType = z.infer<typeof CreditType>;

/** A credit type; case and `-` for `_` are forgiven (`remediation-developer`). */
export function parseCreditType(text: string): Parsed<CreditType> {
  const trimmed = text.trim();
  const parsed = CreditType.safeParse(trimmed.toLowerCase().replaceAll('-', '_'));
  if (parsed.success) return ok(parsed.data);
  return fail(
    `${code(trimmed || '(nothing)')} is not a credit type; use one of ${CreditType.options.map((t) => `\`${t}\``).join(', ')}`,
  );
}

/** A severity; `moderate` (the advisory database's word) is read as `medium`. */
export function parseSeverity(text: string): Parsed<Severity> {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  const parsed = Severity.safeParse(lower === 'moderate' ? 'medium' : lower);
  if (parsed.success) return ok(parsed.data);
  return fail(
    `${code(trimmed || '(nothing)')} is not a severity; use ${Severity.options.map((s) => `\`${s}\``).join(', ')}`,
  );
}
