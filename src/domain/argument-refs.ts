import { valid as validSemver } from 'semver';
import { fail, ok, quoted, type Parsed } from './parsed.js';

/** A semantic version, `0.71.1` or `v0.71.1`; the value is normalised without `v`. */
export function parseVersion(text: string): Parsed<string> {
  const trimmed = text.trim();
  const bare = /^[vV]\d/.test(trimmed) ? trimmed.slice(1) : trimmed;
  const version = validSemver(bare);
  if (version !== null) return ok(version);
  if (/^\d+(?:\.\d+)?$/.test(bare)) {
    const padded = bare.includes('.') ? `${bare}.0` : `${bare}.0.0`;
    return fail(
      `${quoted(trimmed)} is not a full version; write all three parts, e.g. \`${padded}\``,
    );
  }
  return fail(
    `${quoted(trimmed || '(nothing)')} is not a version; write MAJOR.MINOR.PATCH, e.g. \`0.71.1\``,
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
  if (bad) return bad[0] === ' ' ? 'has a space' : `has ${quoted(bad[0])}`;
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
    return fail(`${quoted(text)} is not a valid URL; ${usage}`);
  }
  if (
    url.protocol !== 'https:' ||
    (url.hostname !== 'github.com' && url.hostname !== 'www.github.com')
  ) {
    return fail(`${quoted(text)} is not a github.com URL; ${usage}`);
  }
  const [owner = '', repo = '', kind = '', id = '', ...rest] = url.pathname.split('/').slice(1);
  if (!OWNER.test(owner) || !REPO.test(repo))
    return fail(`${quoted(text)} does not name a repository; ${usage}`);
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
  return fail(`${quoted(text)} is neither a pull request nor a commit URL; ${usage}`);
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
      `${quoted(trimmed)} is not a valid branch or tag name (it ${problem}); give a commit SHA, a branch or tag, or a pull-request URL`,
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
      `${quoted(trimmed || '(nothing)')} is not a URL; write it in full, e.g. \`https://example.com/notice\``,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(
      `${quoted(trimmed)} is not a web address; only \`https://\` and \`http://\` URLs are accepted`,
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
    return fail(`${quoted(trimmed)} uses \`\\\`; write paths with \`/\`, ${example}`);
  if (trimmed.startsWith('/') || /^[A-Za-z]:/.test(trimmed) || trimmed.startsWith('~')) {
    return fail(
      `${quoted(trimmed)} is absolute; write it relative to the repository root, ${example}`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    return fail('That path has control characters; remove them');
  const path = trimmed.replace(/^(?:\.\/)+/, '').replace(/\/$/, '');
  const parts = path.split('/');
  if (parts.includes('..'))
    return fail(`${quoted(trimmed)} goes up with \`..\`; stay inside the repository, ${example}`);
  if (path.length === 0 || parts.some((part) => part === '' || part === '.')) {
    return fail(`${quoted(trimmed)} has an empty or \`.\` part; write a plain path, ${example}`);
  }
  return ok(path);
}
