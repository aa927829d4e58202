import { z } from 'zod';
import { Severity } from './case.js';
import { fail, ok, quoted, type Parsed } from './parsed.js';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function loginProblem(login: string, what: string): string | undefined {
  if (login.length === 0) return `Name ${what}`;
  if (login.length > 39)
    return `${quoted(login)} is too long for a GitHub name (at most 39 characters)`;
  if (!LOGIN.test(login)) {
    return `${quoted(login)} is not a GitHub name: use letters, digits and single hyphens, not at the start or end`;
  }
  return undefined;
}

/** A GitHub user, typed `@octocat` or `octocat`; the value is the login without `@`. */
export function parseUser(text: string): Parsed<string> {
  const trimmed = text.trim();
  const login = trimmed.startsWith('@') ? trimmed.slice(1) : trimmed;
  if (login.includes('/')) {
    return fail(`${quoted(trimmed)} is a team; name one user, e.g. \`@octocat\``);
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
      `${quoted(trimmed || '(nothing)')} is not a team; write \`@org/team-slug\`, e.g. \`@acme/security\``,
    );
  }
  const org = bare.slice(0, slash);
  const slug = bare.slice(slash + 1);
  const orgProblem = loginProblem(org, 'the organisation, e.g. `@acme/security`');
  if (orgProblem !== undefined) return fail(orgProblem);
  if (slug.length === 0 || slug.length > 100 || !TEAM_SLUG.test(slug)) {
    return fail(
      `${quoted(slug || trimmed)} is not a team slug: use the slug from the team's URL (letters, digits, \`-\`, \`_\`), e.g. \`@acme/security\``,
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
// Identifiers and enums

const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;

/** A GitHub advisory ID, `GHSA-xxxx-xxxx-xxxx`; the value has the prefix upper-cased and the rest lower. */
export function parseGhsaId(text: string): Parsed<string> {
  const trimmed = text.trim();
  const normal = trimmed.length === 19 ? `GHSA${trimmed.slice(4).toLowerCase()}` : trimmed;
  if (/^ghsa-/i.test(trimmed) && GHSA.test(normal)) return ok(normal);
  return fail(
    `${quoted(trimmed || '(nothing)')} is not a GitHub advisory ID; it looks like \`GHSA-8x2f-9vjp-q4w3\` (three groups of four from \`23456789cfghjmpqrvwx\`)`,
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
      `${quoted(trimmed || '(nothing)')} is not a CVE ID; it looks like \`CVE-2026-12345\``,
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
    `${quoted(trimmed || '(nothing)')} is not a credit type; use one of ${CreditType.options.map((t) => `\`${t}\``).join(', ')}`,
  );
}

/** A severity; `moderate` (the advisory database's word) is read as `medium`. */
export function parseSeverity(text: string): Parsed<Severity> {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  const parsed = Severity.safeParse(lower === 'moderate' ? 'medium' : lower);
  if (parsed.success) return ok(parsed.data);
  return fail(
    `${quoted(trimmed || '(nothing)')} is not a severity; use ${Severity.options.map((s) => `\`${s}\``).join(', ')}`,
  );
}
