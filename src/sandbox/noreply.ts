import type { SandboxCore } from './core.js';

/** The address GitHub signs commits with for a user who keeps theirs private. */
export function noreplyEmail(login: string): string {
  return `${login}@users.noreply.github.com`;
}

/**
 * The sandbox user behind a no-reply address (`login@…` or `id+login@…`), else undefined. GitHub
 * matches commit authors to users by email; the sandbox's users have only this address.
 */
export function loginOfEmail(core: SandboxCore, email: string): string | undefined {
  const login = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(email)?.[1];
  return login && core.state.users.has(login) ? login : undefined;
}
