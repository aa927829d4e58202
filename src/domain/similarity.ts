/** Words too common in vulnerability titles to tell two reports apart. */
const STOPWORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'via',
  'from',
  'into',
  'when',
  'that',
  'this',
  'can',
  'could',
  'allows',
  'allow',
  'vulnerability',
  'security',
  'issue',
  'bug',
  'report',
]);

/** The distinctive words of a text: lower case, letters and digits, three characters or more. */
function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .normalize('NFKD')
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !STOPWORDS.has(w)),
  );
}

/** Jaccard similarity of two texts' distinctive words, from 0 (nothing shared) to 1. */
export function textSimilarity(a: string, b: string): number {
  const left = words(a);
  const right = words(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return shared / (left.size + right.size - shared);
}

/** What two reports are compared on. */
export interface ReportFacts {
  summary: string;
  packageName?: string | undefined;
  vulnerableVersionRange?: string | undefined;
}

/**
 * Whether two reports look like the same vulnerability: summaries that share most of their
 * words, or the same package with summaries that share some. Tuned to offer a duplicate to a
 * person, never to decide one: a false match costs a glance, a missed one a second advisory.
 */
export function looksLikeSameReport(a: ReportFacts, b: ReportFacts): boolean {
  const score = textSimilarity(a.summary, b.summary);
  if (score >= 0.5) return true;
  const samePackage =
    a.packageName !== undefined &&
    b.packageName !== undefined &&
    a.packageName.toLowerCase() === b.packageName.toLowerCase();
  if (!samePackage) return false;
  const sameRange =
    a.vulnerableVersionRange !== undefined &&
    a.vulnerableVersionRange.replace(/\s+/g, '') === b.vulnerableVersionRange?.replace(/\s+/g, '');
  return score >= (sameRange ? 0.2 : 0.3);
}
