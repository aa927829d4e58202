import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { waivedNow } from './item-helpers.js';
import { doneByApp } from '../domain/effect-outcome.js';

export const cveCommand: CommandSpec = {
  name: 'cve',
  usage: '/cve | /cve waive <reason> | /cve request',
  description:
    'Request a CVE ID through GitHub (public repositories only; assignment takes up to 72 h and is detected by polling), or waive it with a reason.',
  whoCanUse: 'maintain',
  examples: ['/cve', '/cve waive the affected component was never released'],
  run(argsText, env) {
    const { state } = env;
    const [verb = '', ...rest] = argsText.trim().split(/\s+/);
    if (state.cve.id) return refuse(`The CVE is already assigned: ${state.cve.id}.`);
    if (verb.toLowerCase() === 'waive') {
      const reason = rest.join(' ').trim();
      if (!reason) return refuse('Say why no CVE is needed: `/cve waive <reason>`.');
      return {
        ok: true,
        changes: [
          {
            patch: {
              set: {
                cve: { waived: reason.slice(0, 500) },
                items: { cve: waivedNow(env, reason.slice(0, 500)) },
              },
            },
            note: 'CVE waived',
          },
        ],
        reply: 'CVE waived; publication will not wait for one.',
      };
    }
    const anyway = verb.toLowerCase() === 'request';
    if (verb && !anyway) return refuse('Type `/cve` to request one or `/cve waive <reason>`.');
    if (state.cve.waived && !anyway) {
      return refuse(
        `The CVE was waived (${state.cve.waived}). Type \`/cve request\` to request one anyway.`,
      );
    }
    if (state.cve.requestedAt)
      return refuse(
        `A CVE was already requested on ${state.cve.requestedAt.slice(0, 10)}; the App polls for it.`,
      );
    if (!state.repo || !state.ghsaId)
      return refuse('There is no advisory yet; create it first (`/advisory create owner/repo`).');
    if (state.repoPrivate) {
      return refuse(
        `GitHub assigns CVEs only for advisories on public repositories, and \`${state.repo}\` is private. Request one from another CNA (e.g. MITRE) and record it with \`/cve waive requested from <CNA>\`, or waive it.`,
      );
    }
    return {
      ok: true,
      changes: [{ patch: {}, note: 'CVE requested' }],
      effects: [
        { kind: 'request-cve', key: 'request-cve', repo: state.repo, ghsaId: state.ghsaId },
      ],
      reply:
        'Requesting a CVE ID from GitHub. Assignment can take up to 72 hours; the App polls the advisory and records the ID when it appears.',
    };
  },
  effectKinds: ['request-cve'],
  onEffect(effect, _outcome, env) {
    if (effect.kind !== 'request-cve') return undefined;
    return {
      patch: {
        set: {
          cve: { requestedAt: env.now.toISOString() },
          items: { cve: doneByApp(env, 'requested') },
        },
      },
      note: 'CVE requested from GitHub',
    };
  },
};
