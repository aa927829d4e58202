import { parseVersion } from '../domain/argument-refs.js';
import {
  refuse,
  type CommandResult,
  type CommandEnv,
  type CommandSpec,
} from '../domain/command-spec.js';
import { satisfies } from 'semver';
import { parseArgs, stringOption } from './args.js';
import { doneByApp } from '../domain/effect-outcome.js';
import { neutralize } from '../domain/neutralize.js';
import { ECOSYSTEMS, mergePackages, renderPackages, semverRange } from '../domain/advisory-copy.js';

const USAGE =
  '`/advisory create owner/repo [--package NAME] [--ecosystem npm] [--new]`, `/advisory adopt GHSA-… [owner/repo]` or `/advisory range "< 0.71.1" patched 0.71.1 [--package NAME]`';

const REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;
const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i;

/** `/advisory adopt GHSA-… [owner/repo]`: an existing draft becomes this case's advisory. */
function adopt(
  env: CommandEnv,
  ghsaText: string | undefined,
  repoText: string | undefined,
): CommandResult {
  const { state } = env;
  if (state.ghsaId) return refuse(`This case already has its advisory (${state.ghsaId}).`);
  if (!ghsaText || !GHSA.test(ghsaText))
    return refuse(
      `Name the draft to adopt by its GHSA ID: \`/advisory adopt GHSA-xxxx-xxxx-xxxx${state.repo ? '' : ' owner/repo'}\`.`,
    );
  const repo = repoText ?? state.repo;
  if (!repo || !REPO.test(repo))
    return refuse(
      `Name the repository of the advisory: \`/advisory adopt ${ghsaText} owner/repo\`.`,
    );
  if (state.repo && repo.toLowerCase() !== state.repo.toLowerCase())
    return refuse(`This case is about \`${state.repo}\`; adopt a draft of that repository.`);
  return {
    ok: true,
    changes: [],
    effects: [
      {
        kind: 'adopt-advisory',
        command: 'advisory',
        key: `adopt-advisory:${env.commandKey}`,
        repo,
        ghsaId: `GHSA${ghsaText.slice(4).toLowerCase()}`,
      },
    ],
    reply: `Adopting ${ghsaText} of \`${repo}\` as this case's advisory once GitHub shows it is a draft no other case holds.`,
  };
}

function create(
  env: CommandEnv,
  repoText: string | undefined,
  packageName?: string,
  ecosystem?: string,
  force = false,
): CommandResult {
  const { state } = env;
  if (state.ghsaId) return refuse(`This case already has its advisory (${state.ghsaId}).`);
  if (!repoText || !REPO.test(repoText)) {
    return refuse(`Name the product repository: ${USAGE}.`);
  }
  const fields = {
    summary: state.summary,
    ...(state.cvss
      ? { cvss_vector_string: state.cvss.vector }
      : state.severity
        ? { severity: state.severity }
        : {}),
    ...(packageName
      ? { vulnerabilities: [{ package: { ecosystem: ecosystem ?? 'npm', name: packageName } }] }
      : {}),
  };
  return {
    ok: true,
    changes: [
      {
        patch: {
          set: {
            repo: repoText,
            advisory: { ...(packageName ? { packageName, ecosystem: ecosystem ?? 'npm' } : {}) },
          },
        },
        note: `Creating the draft advisory on ${repoText}`,
      },
    ],
    effects: [
      {
        kind: 'create-advisory',
        key: force ? `create-advisory:${env.commandKey}` : 'create-advisory',
        repo: repoText,
        fields,
        ...(force ? { force: true } : {}),
      },
    ],
    reply: force
      ? `Creating a new draft security advisory on \`${repoText}\` with this case's summary, whatever drafts exist. It stays private until published.`
      : `Creating a draft security advisory on \`${repoText}\` with this case's summary, unless a draft there looks like this report. It stays private until published.`,
  };
}

function range(
  env: CommandEnv,
  positional: string[],
  packageName?: string,
  ecosystem?: string,
): CommandResult {
  const [rangeText, keyword, patchedText, ...extra] = positional;
  if (!rangeText || keyword?.toLowerCase() !== 'patched' || !patchedText || extra.length > 0) {
    return refuse(`Usage: ${USAGE}.`);
  }
  const semver = semverRange(rangeText);
  if (!semver)
    return refuse(
      `"${rangeText}" is not a valid version range; write it like "< 0.71.1" or ">= 0.70.0, < 0.71.1".`,
    );
  const patched = parseVersion(patchedText);
  if (!patched.ok) return refuse(patched.error);
  if (satisfies(patched.value, semver)) {
    return refuse(
      `The patched version ${patched.value} is inside the vulnerable range "${rangeText}"; the range must exclude it (e.g. "< ${patched.value}").`,
    );
  }
  const { state } = env;
  const name = packageName ?? state.advisory.packageName ?? env.config.release.packages[0];
  if (!name)
    return refuse('Name the affected package: add `--package NAME` (the advisory needs it).');
  const eco = ecosystem ?? state.advisory.ecosystem ?? 'npm';
  if (!(ECOSYSTEMS as readonly string[]).includes(eco))
    return refuse(
      `"${eco}" is not an ecosystem GitHub knows; use one of ${ECOSYSTEMS.join(', ')}.`,
    );
  // A monorepo advisory lists several products: the case's own package (the one it releases)
  // is the first one named; another `--package` adds or changes only that product's entry.
  const primary =
    !state.advisory.packageName || state.advisory.packageName.toLowerCase() === name.toLowerCase();
  const products = mergePackages(state.advisory.seen?.packages ?? [], [
    { ecosystem: eco, name, vulnerableVersionRange: rangeText, patchedVersions: patched.value },
  ]);
  const effects =
    state.repo && state.ghsaId
      ? [
          {
            kind: 'update-advisory' as const,
            key: `range:${env.commandKey}`,
            repo: state.repo,
            ghsaId: state.ghsaId,
            fields: {
              vulnerabilities: [
                {
                  package: { ecosystem: eco, name },
                  vulnerable_version_range: rangeText,
                  patched_versions: patched.value,
                },
              ],
            },
          },
        ]
      : [];
  return {
    ok: true,
    changes: [
      {
        patch: primary
          ? {
              set: {
                advisory: {
                  vulnerableVersionRange: rangeText,
                  patchedVersion: patched.value,
                  packageName: name,
                  ecosystem: eco,
                },
              },
            }
          : {},
        note: `Affected ${name} ${rangeText}, patched in ${patched.value}${primary ? '' : ' (another product of the advisory)'}`,
      },
    ],
    effects,
    reply:
      `Affected: \`${name}\` \`${rangeText}\` · patched in **${patched.value}**.` +
      (products.length > 1
        ? ` The advisory lists ${String(products.length)} products; the others are kept as they are:\n\n${renderPackages(
            products,
          )
            .map((p) => `- ${p}`)
            .join('\n')}`
        : ''),
  };
}

/** The drafts that look like this report, and how to go on: adopt one, or create anyway. */
function similarReply(
  repo: string,
  similar: { ghsaId: string; summary: string; url?: string }[],
): string {
  return [
    `Not created: \`${repo}\` already has ${similar.length === 1 ? 'a draft that looks' : 'drafts that look'} like this report:`,
    '',
    ...similar.map(
      (d) =>
        `- ${d.url ? `[${d.ghsaId}](${d.url})` : d.ghsaId}: ${neutralize(d.summary, { maxLength: 200 })}`,
    ),
    '',
    `If it is the same vulnerability, adopt it: \`/advisory adopt ${similar[0]?.ghsaId ?? 'GHSA-…'}\`. If not, create a new draft anyway: \`/advisory create ${repo} --new\`.`,
  ].join('\n');
}

export const advisoryCommand: CommandSpec = {
  name: 'advisory',
  usage:
    '/advisory create owner/repo [--new] | /advisory adopt GHSA-… [owner/repo] | /advisory range "<range>" patched <version> [--package NAME]',
  description:
    'Create the draft advisory for a report that arrived by another channel (drafts of the repository that look like the same report are listed instead: adopt one with `/advisory adopt`, or `--new` creates one anyway), or set the affected range and patched version of a package (`--package` for another product of a monorepo advisory; the other products are kept).',
  whoCanUse: 'write',
  examples: [
    '/advisory create acme/widget --package @acme/widget',
    '/advisory adopt GHSA-2c5f-hj7m-pq9r',
    '/advisory range "< 0.71.1" patched 0.71.1',
    '/advisory range "< 1.4.2" patched 1.4.2 --package @acme/widget-plugin',
  ],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { package: 'string', ecosystem: 'string', new: 'boolean' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: ${USAGE}.`);
    const [verb, ...rest] = parsed.args.positional;
    const packageName = stringOption(parsed.args, 'package');
    const ecosystem = stringOption(parsed.args, 'ecosystem');
    if (verb === 'create')
      return create(env, rest[0], packageName, ecosystem, parsed.args.options.new === true);
    if (verb === 'adopt') return adopt(env, rest[0], rest[1]);
    if (verb === 'range') return range(env, rest, packageName, ecosystem);
    return refuse(`Usage: ${USAGE}.`);
  },
  effectKinds: ['create-advisory', 'adopt-advisory'],
  onEffect(effect, outcome, env) {
    if (effect.kind !== 'create-advisory' && effect.kind !== 'adopt-advisory') return undefined;
    const data = outcome.data ?? {};
    if (effect.kind === 'create-advisory' && data.similar && data.similar.length > 0)
      return { reply: similarReply(effect.repo, data.similar) };
    if (!data.ghsaId)
      return { reply: '❌ GitHub created no advisory ID; run `/advisory create` again.' };
    if (effect.kind === 'adopt-advisory')
      return {
        patch: {
          set: {
            ghsaId: data.ghsaId,
            repo: effect.repo,
            advisory: {
              state: data.advisoryState === 'triage' ? 'triage' : 'draft',
              ...(data.url ? { url: data.url } : {}),
              ...(data.summary ? { summary: data.summary } : {}),
            },
            ...(data.advisoryState === 'triage'
              ? {}
              : { items: { 'draft-advisory': doneByApp(env, `adopted ${data.ghsaId}`) } }),
          },
        },
        note: `Draft advisory ${data.ghsaId} adopted`,
        reply: `✅ **${data.ghsaId}** is this case's advisory now${data.url ? ` (${data.url})` : ''}; the App reads it from GitHub from here on.`,
      };
    return {
      patch: {
        set: {
          ghsaId: data.ghsaId,
          advisory: { state: 'draft', ...(data.url ? { url: data.url } : {}) },
          items: { 'draft-advisory': doneByApp(env, data.ghsaId) },
        },
      },
      note: `Draft advisory ${data.ghsaId} created`,
      reply: `Draft advisory **${data.ghsaId}** created${data.url ? ` (${data.url})` : ''}.`,
    };
  },
};
