import { EVIDENCE_LABEL, type Case, type CasePatch, type ReleaseEvidence } from './case.js';
import type { DecideContext } from './decide-context.js';
import type { Input } from './inputs.js';
import { releasePackage, renderTag, strategyOf, versionOfTag } from './release-plan.js';
import { productionChange } from './replies/production.js';
import { EMPTY_STEP, type Step } from './step.js';

type Evidence = Extract<
  Input,
  { type: 'workflow-run-completed' | 'release-published' | 'deployment-status' }
>;

const TRUST: Record<ReleaseEvidence, number> = {
  deployment: 3,
  workflow: 2,
  release: 2,
  command: 1,
};

function change(patch: CasePatch, note: string): Step {
  return { changes: [{ patch, note }], effects: [] };
}

/**
 * Whether a deployment is of this case's release: its proved head, its branch or its tag. A
 * deployment of the branch at another commit is `moved`: someone pushed after the proof, so what
 * was deployed is not what was proved.
 */
function deploymentOf(
  state: Case,
  ctx: DecideContext,
  ref: string,
  sha: string,
): 'ours' | 'moved' | undefined {
  const { release } = state;
  const version = release.version;
  const tag = version
    ? renderTag(ctx.config.release.tag, version, releasePackage(state, ctx.config))
    : undefined;
  if (release.headSha !== undefined && sha === release.headSha) return 'ours';
  if (release.branch !== undefined && ref === release.branch)
    return release.headSha === undefined ? 'ours' : 'moved';
  return tag !== undefined && ref === tag ? 'ours' : undefined;
}

/**
 * Canary and production from what GitHub shows, in order of trust: a successful deployment
 * status in the configured environment, the dispatched workflow run, a published release whose
 * tag names the version. Production never counts before canary (where the profile has a canary),
 * and stronger evidence replaces weaker evidence of the same stage without a new message.
 */
export function observeReleaseEvidence(state: Case, input: Evidence, ctx: DecideContext): Step {
  const at = ctx.now.toISOString();
  const by = ctx.appLogin;
  const hasCanary = strategyOf(state, ctx.config) === 'hotfix';
  const canary = (evidence: ReleaseEvidence, detail: string, note: string): Step => {
    if (state.items.canary) {
      const current = state.release.canaryEvidence ?? 'command';
      return TRUST[evidence] > TRUST[current]
        ? change(
            { set: { release: { canaryEvidence: evidence } } },
            `Canary also shown by ${EVIDENCE_LABEL[evidence]}`,
          )
        : EMPTY_STEP;
    }
    return change(
      {
        set: {
          items: { canary: { status: 'done', at, by, evidence: detail } },
          release: { canaryAt: at, canaryEvidence: evidence },
        },
      },
      note,
    );
  };
  const production = (evidence: ReleaseEvidence, detail: string): Step => {
    if (state.phase !== 'release' || !state.items['release-opened']) return EMPTY_STEP;
    if (state.items.production) {
      const current = state.release.productionEvidence ?? 'command';
      return TRUST[evidence] > TRUST[current]
        ? change(
            { set: { release: { productionEvidence: evidence } } },
            `Production also shown by ${EVIDENCE_LABEL[evidence]}`,
          )
        : EMPTY_STEP;
    }
    if (hasCanary && !state.items.canary)
      return {
        ...EMPTY_STEP,
        notice: `${detail}, but canary is not verified yet, so production does not count: the playbook waits for canary before promoting. Verify canary first (a \`${ctx.config.release.environments.canary}\` deployment, the workflow run, or \`/canary ok\`), then type \`/production\`.`,
      };
    return productionChange(state, ctx, by, detail, evidence);
  };
  switch (input.type) {
    case 'deployment-status': {
      const of = state.release.version ? deploymentOf(state, ctx, input.ref, input.sha) : undefined;
      if (!of) return EMPTY_STEP;
      const { canary: canaryEnv, production: productionEnv } = ctx.config.release.environments;
      const watched = input.environment === canaryEnv || input.environment === productionEnv;
      if (of === 'moved')
        return input.state === 'success' && watched
          ? {
              ...EMPTY_STEP,
              notice: `\`${input.ref}\` was deployed to **${input.environment}** at \`${input.sha.slice(0, 12)}\`, but the release was proved at \`${(state.release.headSha ?? '').slice(0, 12)}\`: the branch moved after the proof, so this deployment does not count. Deploy the proved commit \`${(state.release.headSha ?? '').slice(0, 12)}\` instead.`,
            }
          : EMPTY_STEP;
      if (input.state !== 'success') {
        if (input.state !== 'failure' && input.state !== 'error') return EMPTY_STEP;
        if (!watched) return EMPTY_STEP;
        return {
          ...EMPTY_STEP,
          notice: `The deployment of ${state.release.version} to **${input.environment}** ended with **${input.state}**${input.url ? `: ${input.url}` : ''}. Nothing was recorded; fix it and deploy again.`,
        };
      }
      if (input.environment === canaryEnv && hasCanary)
        return canary(
          'deployment',
          `deployed to ${canaryEnv}`,
          `Deployed to ${canaryEnv}: canary verified`,
        );
      if (input.environment === productionEnv)
        return production('deployment', `deployed to ${productionEnv}`);
      return EMPTY_STEP;
    }
    case 'workflow-run-completed': {
      if (input.runId !== state.release.runId) return EMPTY_STEP;
      if (input.conclusion === 'success')
        return hasCanary
          ? canary('workflow', input.url, 'Release workflow succeeded: canary verified')
          : EMPTY_STEP;
      return {
        ...EMPTY_STEP,
        notice: `The release workflow finished with **${input.conclusion}**: [run ${input.runId}](${input.url}). The phase stays at **${state.phase}**; fix the run and re-run it, or type \`/canary ok\` once canary is verified by hand.`,
      };
    }
    case 'release-published': {
      const version = state.release.version ?? state.advisory.patchedVersion;
      if (!version) return EMPTY_STEP;
      const named = versionOfTag(
        ctx.config.release.tag,
        input.tag,
        releasePackage(state, ctx.config),
      );
      const contains = state.release.headSha
        ? [state.release.headSha]
        : state.fixes.flatMap((f) => f.merged?.commits ?? []);
      if (named === version) {
        // The tag's name is not proof: GitHub is asked whether the tag holds the release.
        const first = production('release', `release ${input.tag} published`);
        if (!state.repo || contains.length === 0 || first.changes.length === 0) return first;
        if (state.items.production) return first;
        return {
          changes: [],
          effects: [
            {
              kind: 'check-release-tag',
              key: `release-tag:${input.tag}`,
              repo: state.repo,
              tag: input.tag,
              version,
              contains,
            },
          ],
        };
      }
      const { packagePath } = state.release;
      if (packagePath === undefined || !state.repo || state.items.production) return EMPTY_STEP;
      // A release-line tag (`v1.34.1`) is this release when the package's file there has the version.
      return {
        changes: [],
        effects: [
          {
            kind: 'check-release-tag',
            key: `release-tag:${input.tag}`,
            repo: state.repo,
            tag: input.tag,
            path: `${packagePath}package.json`,
            version,
            ...(contains.length > 0 ? { contains } : {}),
          },
        ],
      };
    }
  }
}
