import cvssCalculator from 'ae-cvss-calculator';

const { Cvss3P1, Cvss4P0 } = cvssCalculator;

/** A vector as GitHub stores it: which CVSS version, its score and the severity derived from it. */
export interface ScoredVector {
  version: 'v3' | 'v4';
  vector: string;
  score: number;
  severity: 'critical' | 'high' | 'medium' | 'low';
}

/**
 * Scores a CVSS 3.1 or 4.0 vector the way GitHub does when `cvss_vector_string` is written,
 * independently of the App's own CVSS code (the sandbox plays GitHub, it must not share the
 * App's assumptions). Undefined for a vector GitHub would reject.
 */
export function scoreVector(vector: string): ScoredVector | undefined {
  try {
    if (vector.startsWith('CVSS:4.0/')) {
      const calc = new Cvss4P0(vector);
      if (!calc.isBaseFullyDefined()) return undefined;
      return scored('v4', vector, calc.calculateOverallScore());
    }
    if (vector.startsWith('CVSS:3.1/')) {
      const calc = new Cvss3P1(vector);
      if (!calc.isBaseFullyDefined()) return undefined;
      return scored('v3', vector, calc.calculateScores().overall);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function scored(version: 'v3' | 'v4', vector: string, raw: number): ScoredVector | undefined {
  if (!Number.isFinite(raw)) return undefined;
  const score = Math.round(raw * 10) / 10;
  const severity = score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  return { version, vector, score, severity };
}
