import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case, CasePatch } from './case.js';
import type { Effect } from './effects.js';

/** What the shell learned by carrying out an effect. */
export type EffectOutcome =
  | {
      ok: true;
      /** Identifiers GitHub returned: ghsaId/url (advisory), name/url (fork), runId/url (run), number/url (PR), found (URL check). */
      data?: {
        ghsaId?: string;
        url?: string;
        name?: string;
        runId?: number;
        number?: number;
        found?: boolean;
        /** Collaborators taken off the advisory after publication. */
        removed?: string[];
        /** Why a check could not read what it checks (an unreachable page). */
        checkError?: string;
        /** The global advisory: its CVE alias and first patched version per package. */
        cveId?: string;
        patched?: { name: string; version?: string }[];
        /** A commit: the release branch's head, the default branch's commit of a fix. */
        sha?: string;
        /** The release branch as cut (the planned name, or `-2`… after it when that was taken). */
        branch?: string;
        /** The commit the release branch was cut from. */
        fromSha?: string;
        /** Version files bumped, as `path@version`. */
        bumped?: string[];
        /** Commits and files of a fix as the default branch holds it. */
        commits?: string[];
        files?: string[];
        /** Where the released package lives (`plugins/catalog/`; empty for the root). */
        packagePath?: string;
        /** Drafts of the repository that look like the case's report (not created then). */
        similar?: { ghsaId: string; summary: string; url?: string }[];
        /** The adopted advisory's state, summary and affected package as GitHub shows them. */
        advisoryState?: string;
        summary?: string;
        /** When a repository was created (GitHub's `created_at`). */
        createdAt?: string;
        /** Fixes found on the default branch after a push. */
        arrivals?: { sha: string; commits: string[]; files: string[] }[];
      };
    }
  | { ok: false; error: string; status?: number };

/** The data of a successful outcome (empty when the effect returned none). */
export type EffectData = NonNullable<Extract<EffectOutcome, { ok: true }>['data']>;

/**
 * What an effect's success means for the case: the change it makes, its case-log line, what a
 * person is told, and what it sets off.
 */
export interface EffectMeaning {
  patch?: CasePatch;
  note?: string;
  reply?: string;
  /** Something someone must act on, said even when nobody asked (an event's effect). */
  notice?: string;
  effects?: Effect[];
}

/** What reading an effect's outcome may look at. */
export interface EffectResultEnv {
  state: Case;
  now: Date;
  config: AdvisoryPilotConfig;
  appLogin: string;
}

/** An item marked done by the App now, with its evidence. */
export function doneByApp(env: EffectResultEnv, evidence: string) {
  return { status: 'done' as const, at: env.now.toISOString(), by: env.appLogin, evidence };
}
