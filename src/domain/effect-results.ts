import { applyPatch, type Case, type CasePatch } from './case.js';
import type { DecideContext } from './decide-context.js';
import { advance, type Decision } from './decide.js';
import type { Effect } from './effects.js';
import { publishedChanges } from './published.js';
import { renderForkInstructions } from './replies/fork-instructions.js';

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
      };
    }
  | { ok: false; error: string; status?: number };

interface Interpreted {
  patch?: CasePatch;
  note?: string;
  reply?: string;
  effects?: Effect[];
}

function interpret(
  state: Case,
  effect: Effect,
  outcome: EffectOutcome,
  ctx: DecideContext,
): Interpreted {
  const at = ctx.now.toISOString();
  const by = ctx.appLogin;
  const done = (evidence: string) => ({ status: 'done' as const, at, by, evidence });
  if (!outcome.ok) {
    if (effect.kind === 'advisory-comment') {
      return {
        note: 'Advisory comment could not be posted: send it by hand',
        reply: `GitHub did not accept the comment on the advisory (${outcome.error}). **Send this to the reporter by hand:**\n\n${effect.body}`,
      };
    }
    return {
      note: `${effect.kind} failed: ${outcome.error}`,
      reply: `❌ \`${effect.kind}\` failed: ${outcome.error}. Nothing else was changed; fix the cause and run the command again.`,
    };
  }
  const data = outcome.data ?? {};
  switch (effect.kind) {
    case 'update-advisory':
      if (effect.key === 'accept-report')
        return {
          patch: {
            set: {
              advisory: { state: 'draft' },
              items: { 'draft-advisory': done('report accepted') },
            },
          },
          note: 'Report accepted: the advisory is a draft',
        };
      if (effect.key === 'scope-out:close')
        return { patch: { set: { advisory: { state: 'closed' } } }, note: 'Advisory closed' };
      return {};
    case 'create-advisory':
      if (!data.ghsaId)
        return { reply: '❌ GitHub created no advisory ID; run `/advisory create` again.' };
      return {
        patch: {
          set: {
            ghsaId: data.ghsaId,
            advisory: { state: 'draft', ...(data.url ? { url: data.url } : {}) },
            items: { 'draft-advisory': done(data.ghsaId) },
          },
        },
        note: `Draft advisory ${data.ghsaId} created`,
        reply: `Draft advisory **${data.ghsaId}** created${data.url ? ` (${data.url})` : ''}.`,
      };
    case 'request-cve':
      return {
        patch: { set: { cve: { requestedAt: at }, items: { cve: done('requested') } } },
        note: 'CVE requested from GitHub',
      };
    case 'create-fork': {
      const fork = { name: data.name ?? '', url: data.url ?? '' };
      return {
        patch: { set: { fork, items: { 'private-fork': done(fork.url) } } },
        note: `Temporary private fork ${fork.name} created`,
        reply: renderForkInstructions(state, fork, ctx.config),
      };
    }
    case 'dispatch-workflow':
      return {
        patch: {
          set: {
            release: {
              ...(data.runId === undefined ? {} : { runId: data.runId }),
              ...(data.url ? { runUrl: data.url } : {}),
            },
            items: { 'release-opened': done(data.url ?? 'workflow dispatched') },
          },
        },
        note: `Release workflow dispatched${data.runId ? ` (run ${data.runId})` : ''}`,
        reply: `Release workflow \`${effect.workflow}\` dispatched on \`${effect.ref}\`${data.url ? `: [run](${data.url})` : ''}. Canary is verified when the run succeeds.`,
      };
    case 'open-pull-request':
    case 'quick-release': {
      const purpose = effect.kind === 'quick-release' ? 'quick-release' : effect.purpose;
      const number = data.number;
      if (number === undefined) return {};
      const releasing = purpose === 'changeset' || purpose === 'quick-release';
      return {
        patch: {
          set: {
            pullRequests: { [purpose]: number },
            ...(releasing
              ? {
                  items: { 'release-opened': done(`PR #${number}`) },
                  release: { pullRequest: number },
                }
              : {}),
          },
        },
        note: `${purpose} PR #${number} opened`,
        reply: `Opened ${purpose} PR #${number}${data.url ? ` (${data.url})` : ''}.`,
      };
    }
    case 'publish-advisory': {
      const published = publishedChanges(state, ctx, at, 'published by the App');
      return {
        patch: mergePatches(published.changes.map((c) => c.patch)),
        note: 'Advisory published',
        effects: published.effects,
        reply: `🚀 ${state.ghsaId ?? 'The advisory'} is published.`,
      };
    }
    case 'check-url':
      return data.found
        ? {
            patch: { set: { items: { reached: done(effect.url) } } },
            note: `Advisory visible at ${effect.url}`,
          }
        : {};
    default:
      return {};
  }
}

function mergePatches(patches: CasePatch[]): CasePatch {
  return patches.reduce<CasePatch>((acc, p) => ({ set: { ...acc.set, ...p.set } }), {});
}

/**
 * Decides what an effect's outcome means: the `effect-result` record (with the change it makes),
 * whatever the change sets off (a phase whose gate is now met advances), and the reply.
 */
export function decideEffectResult(
  state: Case,
  effect: Effect,
  outcome: EffectOutcome,
  ctx: DecideContext,
  idPrefix: string,
): Decision {
  const interpreted = interpret(state, effect, outcome, ctx);
  const at = ctx.now.toISOString();
  const base = { v: 1 as const, at, by: ctx.appLogin, delivery: idPrefix };
  const records: Decision['records'] = [
    {
      ...base,
      id: `${idPrefix}:result:${effect.key}`,
      type: 'effect-result',
      key: effect.key,
      ok: outcome.ok,
      ...(outcome.ok ? {} : { error: outcome.error.slice(0, 2000) }),
      ...(interpreted.patch ? { patch: interpreted.patch } : {}),
      ...(interpreted.note ? { note: interpreted.note } : {}),
    },
  ];
  const effects = [...(interpreted.effects ?? [])];
  if (interpreted.patch) {
    const advanced = advance(applyPatch(state, interpreted.patch), ctx);
    advanced.changes.forEach((change, i) => {
      records.push({
        ...base,
        id: `${idPrefix}:result:${effect.key}:${i}`,
        type: 'update',
        patch: change.patch,
        ...(change.note ? { note: change.note } : {}),
      });
    });
    effects.push(...advanced.effects);
  }
  return { records, effects, ...(interpreted.reply ? { reply: interpreted.reply } : {}) };
}
