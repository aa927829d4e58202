import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A tracking issue as the v1 App left it (see test/fixtures/v1/README.md). */
export interface V1Fixture {
  label: string;
  secret: string;
  now: string;
  issue: { number: number; title: string; state: string; body: string };
  comments: { id: number; author: string; createdAt: string; updatedAt: string; body: string }[];
}

export const V1_FIXTURES = [
  'default-mid',
  'default-closed',
  'changesets-mid',
  'changesets-closed',
] as const;
export type V1FixtureName = (typeof V1_FIXTURES)[number];

/** Reads one golden v1 case. */
export function readV1Fixture(name: V1FixtureName): V1Fixture {
  const path = fileURLToPath(new URL(`../fixtures/v1/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as V1Fixture;
}

/** The comments the v1 App wrote in a fixture. */
export function appCommentsOf(fixture: V1Fixture): V1Fixture['comments'] {
  return fixture.comments.filter((c) => c.author === 'advisory-pilot[bot]');
}
