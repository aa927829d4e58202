import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { GitHubError } from './http.js';
import type { Installation, State } from './state.js';

/** Who sent a request, from its Authorization header. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'app' }
  | { kind: 'installation'; installationId: number; repositories: string[] | null }
  | { kind: 'user'; login: string };

/** What a token stands for. */
type Grant =
  | {
      kind: 'installation';
      installationId: number;
      repositories: string[] | null;
      expiresAt: number;
    }
  | { kind: 'user'; login: string };

/** Tokens issued by one sandbox. */
export interface TokenStore {
  issueInstallationToken(
    installationId: number,
    repositories: string[] | null,
  ): { token: string; expiresAt: number };
  issueUserToken(login: string, token?: string): string;
  lookup(token: string): Grant | undefined;
  clear(): void;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(prefix: string): string {
  const bytes = randomBytes(36);
  return prefix + [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/**
 * Installation tokens expire one REAL hour after issue: clients (@octokit/auth-app) cache them by
 * wall-clock time, and virtual time jumping days ahead must not invalidate a fresh token.
 */
export function createTokenStore(): TokenStore {
  const grants = new Map<string, Grant>();
  return {
    issueInstallationToken(installationId, repositories) {
      const token = randomToken('ghs_');
      const expiresAt = Date.now() + 3_600_000;
      grants.set(token, { kind: 'installation', installationId, repositories, expiresAt });
      return { token, expiresAt };
    },
    issueUserToken(login, token = randomToken('ghp_')) {
      grants.set(token, { kind: 'user', login });
      return token;
    },
    lookup: (token) => grants.get(token),
    clear: () => {
      grants.clear();
    },
  };
}

/** How one sandbox checks App JWTs. */
export interface AppIdentity {
  id: number;
  publicKey: KeyObject;
}

/** Reads a PEM public key, or derives it from a private key PEM. */
export function publicKeyFrom(pem: string): KeyObject {
  return createPublicKey(pem);
}

/**
 * Resolves the Authorization header to an actor. A JWT (three base64url parts) is verified
 * RS256 against the App's public key with GitHub's rules: `iss` is the App id, `exp` at most
 * 10 minutes after `iat`, not expired (checked against real time, as GitHub does).
 */
export function authenticate(
  header: string | undefined,
  identity: AppIdentity,
  tokens: TokenStore,
  state: State,
): Actor {
  if (!header) return { kind: 'anonymous' };
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
  const credential = match?.[1];
  if (!credential) throw new GitHubError(401, 'Bad credentials');
  if (credential.split('.').length === 3) {
    verifyJwt(credential, identity);
    return { kind: 'app' };
  }
  const grant = tokens.lookup(credential);
  if (!grant) throw new GitHubError(401, 'Bad credentials');
  if (grant.kind === 'user') {
    if (!state.users.has(grant.login)) throw new GitHubError(401, 'Bad credentials');
    return { kind: 'user', login: grant.login };
  }
  if (grant.expiresAt <= Date.now() || !state.installations.has(grant.installationId)) {
    throw new GitHubError(401, 'Bad credentials');
  }
  return {
    kind: 'installation',
    installationId: grant.installationId,
    repositories: grant.repositories,
  };
}

function verifyJwt(jwt: string, identity: AppIdentity): void {
  const [head = '', payload = '', signature = ''] = jwt.split('.');
  const fail = (why: string): never => {
    throw new GitHubError(401, `A JSON web token could not be decoded (${why})`);
  };
  const header = decodePart(head) ?? fail('bad header');
  if (header.alg !== 'RS256') fail(`alg must be RS256, got ${String(header.alg)}`);
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(`${head}.${payload}`),
    identity.publicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) fail('signature does not match the App public key');
  const claims = decodePart(payload) ?? fail('bad payload');
  if (String(claims.iss) !== String(identity.id)) fail(`iss must be ${identity.id}`);
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') fail('iat and exp are required');
  if (Number(exp) <= now) fail("'exp' is in the past");
  if (Number(iat) > now + 60) fail("'iat' is too far in the future");
  if (Number(exp) - Number(iat) > 660) fail("'exp' is too far in the future");
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The label the request log uses for an actor. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'installation':
      return `installation:${actor.installationId}`;
    case 'user':
      return `user:${actor.login}`;
    default:
      return actor.kind;
  }
}

/** True when the installation covers this repository (by its pick at install time and the token's). */
export function installationCovers(
  installation: Installation,
  tokenRepos: string[] | null,
  owner: string,
  name: string,
): boolean {
  if (installation.account !== owner) return false;
  const picked = installation.repositories;
  if (picked !== 'all' && !picked.includes(`${owner}/${name}`)) return false;
  return tokenRepos === null || tokenRepos.includes(name);
}
