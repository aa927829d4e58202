import { satisfies, valid, validRange } from 'semver';
import { z } from 'zod';
import { Severity } from './case.js';
import { severityOfScore } from './cvss.js';
import { patchReleaseProblem } from './versions.js';

/** The five sections every advisory description has, with a one-line hint for each. */
export const ADVISORY_DESCRIPTION_SECTIONS = [
  {
    heading: 'Summary',
    guidance:
      'What the vulnerability is, in one plain-language paragraph, without exploit details.',
  },
  {
    heading: 'Impact',
    guidance:
      'What an attacker can do, what data or systems are at risk, and which versions and configurations are affected.',
  },
  { heading: 'Patches', guidance: 'The version that fixes it and how to upgrade.' },
  {
    heading: 'Workarounds',
    guidance: 'What users who cannot upgrade yet can do, or that upgrading is the only fix.',
  },
  {
    heading: 'References',
    guidance: 'The fix commit, related CVEs or upstream advisories, and credit for the reporter.',
  },
] as const;

export type AdvisorySectionHeading = (typeof ADVISORY_DESCRIPTION_SECTIONS)[number]['heading'];

/**
 * The advisory body template. The hints are HTML comments, so a section nobody filled in still
 * reads as empty on GitHub and to {@link validateAdvisoryMetadata}.
 */
export const ADVISORY_DESCRIPTION_TEMPLATE = ADVISORY_DESCRIPTION_SECTIONS.map(
  ({ heading, guidance }) => `## ${heading}\n<!-- ${guidance} -->\n`,
).join('\n');

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/**
 * The body of each level-2 section of a Markdown description, by heading text as written. A
 * section runs until the next heading of level 1 or 2; headings inside code fences do not count.
 */
export function descriptionSections(description: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  let fence: string | undefined;
  const close = () => {
    if (current !== undefined && !sections.has(current)) sections.set(current, body.join('\n'));
  };
  for (const line of description.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1] !== undefined) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fence === fenceMatch[1]) fence = undefined;
    }
    const heading = fence === undefined && !fenceMatch ? HEADING.exec(line) : null;
    if (heading?.[1] !== undefined && heading[1].length <= 2) {
      close();
      current = heading[1].length === 2 ? (heading[2] ?? '') : undefined;
      body = [];
    } else {
      body.push(line);
    }
  }
  close();
  return sections;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

const GUIDANCE = new Set(ADVISORY_DESCRIPTION_SECTIONS.map(({ guidance }) => normalise(guidance)));

/** Why a description is not ready for the draft gate, one message per section. */
function descriptionProblems(description: string): string[] {
  const sections = descriptionSections(description);
  const byName = new Map([...sections].map(([heading, body]) => [heading.toLowerCase(), body]));
  const problems: string[] = [];
  for (const { heading, guidance } of ADVISORY_DESCRIPTION_SECTIONS) {
    const body = byName.get(heading.toLowerCase());
    if (body === undefined) {
      problems.push(`section "## ${heading}" is missing (add it and write: ${guidance})`);
      continue;
    }
    const text = body.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim();
    if (text === '') {
      problems.push(`section "## ${heading}" is empty (write: ${guidance})`);
    } else if (GUIDANCE.has(normalise(text))) {
      problems.push(
        `section "## ${heading}" still holds the template's hint; replace it with: ${guidance}`,
      );
    }
  }
  return problems;
}

function required(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : `must be ${what}`;
}

/** GitHub writes "and" in a range as a comma (">= 1.0.0, < 1.0.5"); semver writes a space. */
function semverRange(range: string): string | null {
  return validRange(range.replace(/,\s*/g, ' '));
}

/** The metadata a draft advisory must have before it may be published, field by field. */
export const AdvisoryMetadata = z.object({
  summary: z
    .string({ error: required('text') })
    .trim()
    .min(1, 'is empty; write one neutral sentence on what is affected')
    .max(1024, 'is longer than 1024 characters (GitHub limit); shorten it'),
  description: z.string({ error: required('Markdown text') }).superRefine((text, ctx) => {
    for (const message of descriptionProblems(text)) ctx.addIssue({ code: 'custom', message });
  }),
  severity: z.enum(Severity.options, {
    error: (issue) =>
      issue.input === undefined
        ? 'is required (score the report with `/cvss <vector>`)'
        : `must be one of ${Severity.options.join(', ')}`,
  }),
  cvssScore: z
    .number({ error: required('a number from 0.1 to 10.0') })
    .min(0, 'must be from 0.1 to 10.0')
    .max(10, 'must be from 0.1 to 10.0')
    .refine((score) => Math.round(score * 10) / 10 === score, {
      message: 'must have at most one decimal, as CVSS scores do (e.g. 7.5)',
    }),
  vulnerableVersionRange: z
    .string({ error: required('a version range') })
    .trim()
    .min(1, 'is empty; write the affected versions, e.g. "< 0.71.1"')
    .refine((range) => semverRange(range) !== null, {
      message: 'is not a valid version range; write it like "< 0.71.1" or ">= 0.60.0, < 0.71.1"',
    }),
  patchedVersion: z
    .string({ error: required('a version') })
    .trim()
    .refine((version) => valid(version) !== null, {
      message: 'is not a valid semantic version; write it like 0.71.1',
    }),
});
export type AdvisoryMetadata = z.infer<typeof AdvisoryMetadata>;

export interface AdvisoryMetadataProblem {
  field: string;
  message: string;
}

export type AdvisoryMetadataCheck =
  { ok: true; value: AdvisoryMetadata } | { ok: false; problems: AdvisoryMetadataProblem[] };

type Field = keyof AdvisoryMetadata;
const FIELDS = Object.keys(AdvisoryMetadata.shape) as Field[];

/** Checks that need two fields, each already valid on its own. */
function crossFieldProblems(
  value: Partial<AdvisoryMetadata>,
  previousVersion: string | undefined,
): AdvisoryMetadataProblem[] {
  const problems: AdvisoryMetadataProblem[] = [];
  const { severity, cvssScore, vulnerableVersionRange, patchedVersion } = value;
  if (severity !== undefined && cvssScore !== undefined) {
    const bucket = severityOfScore(cvssScore);
    if (bucket !== severity) {
      problems.push({
        field: 'cvssScore',
        message:
          bucket === 'none'
            ? `${cvssScore.toFixed(1)} means no impact, which does not fit severity "${severity}"; correct the CVSS vector`
            : `${cvssScore.toFixed(1)} is in the "${bucket}" bucket, but severity is "${severity}"; make them agree (re-score with \`/cvss <vector>\`)`,
      });
    }
  }
  if (patchedVersion !== undefined) {
    const problem = patchReleaseProblem(patchedVersion, previousVersion);
    if (problem !== undefined) problems.push({ field: 'patchedVersion', message: problem });
  }
  const range = vulnerableVersionRange === undefined ? null : semverRange(vulnerableVersionRange);
  if (range !== null && vulnerableVersionRange !== undefined) {
    if (patchedVersion !== undefined && satisfies(patchedVersion, range)) {
      problems.push({
        field: 'vulnerableVersionRange',
        message: `"${vulnerableVersionRange}" includes the patched version ${patchedVersion}; the range must stop before it, e.g. "< ${patchedVersion}"`,
      });
    }
    if (
      previousVersion !== undefined &&
      valid(previousVersion) !== null &&
      !satisfies(previousVersion, range)
    ) {
      problems.push({
        field: 'vulnerableVersionRange',
        message: `"${vulnerableVersionRange}" leaves out ${previousVersion}, the release the patch fixes; e.g. "< ${patchedVersion ?? 'the patched version'}"`,
      });
    }
  }
  return problems;
}

/**
 * The draft gate: a published advisory cannot be edited, so every field is checked before
 * publication and every problem is named by its field, so one round of edits can fix them all.
 * `previousVersion` is the release the patch follows; the patched version must be its patch bump.
 */
export function validateAdvisoryMetadata(
  input: unknown,
  options: { previousVersion?: string } = {},
): AdvisoryMetadataCheck {
  if (typeof input !== 'object' || input === null) {
    return {
      ok: false,
      problems: [{ field: '(advisory)', message: `expected an object with ${FIELDS.join(', ')}` }],
    };
  }
  const record = input as Record<string, unknown>;
  const problems: AdvisoryMetadataProblem[] = [];
  const value: Partial<Record<Field, unknown>> = {};
  for (const field of FIELDS) {
    const result = AdvisoryMetadata.shape[field].safeParse(record[field]);
    if (result.success) value[field] = result.data;
    else for (const issue of result.error.issues) problems.push({ field, message: issue.message });
  }
  const fields = value as Partial<AdvisoryMetadata>;
  problems.push(...crossFieldProblems(fields, options.previousVersion));
  if (problems.length > 0) return { ok: false, problems };
  // No problems means every field parsed, so the record is complete.
  return { ok: true, value: fields as AdvisoryMetadata };
}
