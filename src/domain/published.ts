import type { Case } from './case.js';
import type { DecideContext } from './decide-context.js';
import type { Effect } from './effects.js';
import { renderChangelogEntry } from './render/changelog-entry.js';
import { postmortemPath, renderPostmortem } from './render/postmortem.js';
import type { Change } from './step.js';

/**
 * Publication happened (through `/confirm` or in GitHub's UI): record it and open the changelog
 * PR, which may now name the CVE.
 */
/** The evidence of a publication the App made itself (GitHub answered its own write). */
export const PUBLISHED_BY_APP = 'published by the App';

export function publishedChanges(
  state: Case,
  ctx: Pick<DecideContext, 'now' | 'config' | 'appLogin'>,
  at: string,
  evidence: string,
): { changes: Change[]; effects: Effect[] } {
  const by = ctx.appLogin;
  const changes: Change[] = [
    {
      patch: {
        set: {
          advisory: { state: 'published' },
          items: { published: { status: 'done', at, by, evidence } },
          milestones: { published: at },
        },
      },
      note: 'Advisory published',
    },
  ];
  const effects: Effect[] = [];
  if (ctx.config.changelog.post && state.repo && state.pullRequests.changelog === undefined) {
    const published = { ...state, advisory: { ...state.advisory, state: 'published' as const } };
    effects.push({
      kind: 'open-pull-request',
      key: 'changelog-pr',
      repo: state.repo,
      purpose: 'changelog',
      branch: `docs/changelog-${(state.cve.id ?? state.ghsaId ?? 'advisory').toLowerCase()}`,
      title: `docs: changelog entry for ${state.cve.id ?? state.ghsaId ?? 'the security advisory'}`,
      body: `Adds the changelog entry for the published advisory ${state.ghsaId ?? ''}.`,
      files: [
        {
          path: ctx.config.changelog.path,
          content: renderChangelogEntry(published, { now: ctx.now, config: ctx.config }),
        },
      ],
      prepend: true,
    });
  }
  const invited = state.collaborators;
  if (
    ctx.config.publish.revokeCollaborators &&
    state.repo &&
    state.ghsaId &&
    invited.users.length + invited.teams.length > 0
  ) {
    effects.push({
      kind: 'remove-collaborators',
      key: 'revoke-collaborators',
      repo: state.repo,
      ghsaId: state.ghsaId,
      users: [...invited.users],
      teams: [...invited.teams],
    });
  }
  return { changes, effects };
}

/** The PR adding the postmortem skeleton, opened when the case enters the postmortem phase. */
export function postmortemPullRequest(state: Case, ctx: DecideContext): Effect {
  const path = postmortemPath(state, { now: ctx.now, config: ctx.config });
  return {
    kind: 'open-pull-request',
    key: 'postmortem-pr',
    repo: state.repo ?? '',
    purpose: 'postmortem',
    branch: `docs/postmortem-${(state.ghsaId ?? 'advisory').toLowerCase()}`,
    title: `docs: postmortem for ${state.cve.id ?? state.ghsaId ?? 'the security advisory'}`,
    body: 'Postmortem skeleton with the generated timeline and SLA figures; fill in root cause and actions before merging.',
    files: [
      {
        path,
        content: renderPostmortem(state, [...(ctx.timeline ?? [])], {
          now: ctx.now,
          config: ctx.config,
        }),
      },
    ],
  };
}
