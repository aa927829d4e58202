import type { GitStore } from './git-store.js';
import type { Deployment, Release, Workflow, WorkflowRun } from './state-shipping.js';

export type {
  Deployment,
  DeploymentStatus,
  Release,
  Workflow,
  WorkflowRun,
} from './state-shipping.js';

/** Repository permission levels, weakest first (GitHub's role names). */
export const PERMISSION_LEVELS = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Permission = (typeof PERMISSION_LEVELS)[number];

export interface User {
  id: number;
  login: string;
  name: string | null;
  type: 'User' | 'Bot' | 'Organization';
}

export interface Team {
  id: number;
  slug: string;
  name: string;
  /** login → role in the team. */
  members: Map<string, 'member' | 'maintainer'>;
  /** repo full name → permission the team grants. */
  repos: Map<string, Permission>;
}

export interface Org {
  id: number;
  login: string;
  /** Owners are admins of every repository of the organisation. */
  owners: Set<string>;
  members: Set<string>;
  teams: Map<string, Team>;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Reaction {
  id: number;
  content: string;
  user: string;
  createdAt: string;
}

export interface Comment {
  id: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  minimized: string | null;
  reactions?: Reaction[];
}

export interface PullData {
  head: string;
  base: string;
  headSha: string;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  draft: boolean;
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  labels: string[];
  assignees: string[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  locked: boolean;
  pinned: boolean;
  comments: Comment[];
  reactions?: Reaction[];
  /** Present when this issue is a pull request (GitHub numbers both from one sequence). */
  pull?: PullData;
}

export interface Credit {
  login: string;
  type: string;
  state: 'accepted' | 'declined' | 'pending';
}

export interface Vulnerability {
  package: { ecosystem: string; name: string | null } | null;
  vulnerable_version_range: string | null;
  patched_versions: string | null;
  vulnerable_functions: string[] | null;
}

export interface Advisory {
  ghsaId: string;
  cveId: string | null;
  summary: string;
  description: string | null;
  severity: 'critical' | 'high' | 'medium' | 'low' | null;
  cvssVector: string | null;
  cvssScore: number | null;
  cweIds: string[];
  vulnerabilities: Vulnerability[];
  credits: Credit[];
  collaboratingUsers: string[];
  collaboratingTeams: string[];
  state: 'triage' | 'draft' | 'published' | 'closed' | 'withdrawn';
  author: string;
  publisher: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  closedAt: string | null;
  /** Set for private vulnerability reports; `accepted` flips when triage → draft. */
  submission: { accepted: boolean } | null;
  privateFork: string | null;
  cveRequestedAt: string | null;
  comments: Comment[];
}

export interface Repo {
  id: number;
  owner: string;
  name: string;
  isPrivate: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  privateVulnerabilityReporting: boolean;
  /** login → explicit collaborator permission. */
  collaborators: Map<string, Permission>;
  git: GitStore;
  issues: Issue[];
  nextNumber: number;
  labels: Label[];
  advisories: Advisory[];
  workflows: Workflow[];
  runs: WorkflowRun[];
  releases: Release[];
  deployments: Deployment[];
  /** For temporary private forks: the advisory they belong to. */
  forkOf: { repo: string; ghsaId: string } | null;
}

export interface Installation {
  id: number;
  account: string;
  /** 'all' or the repository full names picked at installation. */
  repositories: 'all' | string[];
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

/** The in-memory GitHub. One per sandbox; reset by seeding. */
export interface State {
  users: Map<string, User>;
  org: Org | null;
  repos: Map<string, Repo>;
  installations: Map<number, Installation>;
  /** Global advisory database entries (GHSA ids that reached it). */
  advisoryDatabase: Set<string>;
  nextId: () => number;
  /** Makes `nextId` answer only ids above `id` from now on (imported objects bring their own). */
  reserveIds: (id: number) => void;
}

/** A fresh, empty world. Ids come from one counter so no two objects share one. */
export function createState(firstId = 1000): State {
  let id = firstId;
  return {
    users: new Map(),
    org: null,
    repos: new Map(),
    installations: new Map(),
    advisoryDatabase: new Set(),
    nextId: () => (id += 1),
    reserveIds: (taken) => {
      id = Math.max(id, taken);
    },
  };
}

/** `owner/name`, the key of `State.repos`. */
export function fullName(repo: Pick<Repo, 'owner' | 'name'>): string {
  return `${repo.owner}/${repo.name}`;
}
