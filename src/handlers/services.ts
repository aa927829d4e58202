import type { Probot, ProbotOctokit } from 'probot';
import type { AppState } from '../instance-state.js';
import { loadConfig } from '../config/load-config.js';
import type { ConfigResult } from '../config/parse-config.js';
import { createOctokitGitHub } from '../github/octokit-github.js';
import type { GitHubPort } from '../github/port.js';
import { runnerDepsOf, type RunnerDeps, type RunnerLog } from '../runner/runner-deps.js';
import { instrumentOctokit } from '../scheduler/instrument.js';
import type { StoreIdentity } from '../store/case-file-store.js';
import { repoRef } from '../github/port.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What a handler needs to run pipelines for one webhook delivery. */
export interface Services {
  github: GitHubPort;
  identity: StoreIdentity;
  /** Loads the configuration of a product repository (its `.github`, then the owner's `.github` repo). */
  configOf(repo: string): Promise<ConfigResult>;
  deps(config: RunnerDeps['config']): RunnerDeps;
}

/** The secret that signs the case file: STATE_SECRET, else the webhook secret. Never a default. */
export function stateSecretOf(state: AppState, env: NodeJS.ProcessEnv): string {
  const secret = state.options.stateSecret ?? env.STATE_SECRET ?? env.WEBHOOK_SECRET;
  if (!secret)
    throw new Error('STATE_SECRET (or WEBHOOK_SECRET) must be set to sign the case files');
  return secret;
}

/** The App's bot login, looked up once with the App JWT (`GET /app`) unless configured. */
export async function botLoginOf(app: Probot, state: AppState): Promise<string> {
  if (state.options.botLogin) return state.options.botLogin;
  const appOctokit = await app.auth();
  const { data } = await appOctokit.rest.apps.getAuthenticated();
  const login = `${data?.slug ?? 'advisory-pilot'}[bot]`;
  state.options.botLogin = login;
  return login;
}

/** Builds the services of one delivery from its installation's Octokit. */
export async function servicesFor(
  app: Probot,
  state: AppState,
  octokit: Octokit,
  log: RunnerLog,
): Promise<Services> {
  // Counted in /metrics like the tick's requests (the hook is added once per Octokit).
  const github = createOctokitGitHub(
    octokit,
    state.cache,
    (o) => {
      instrumentOctokit(o, state.metrics);
    },
    state.repositories,
  );
  const identity: StoreIdentity = {
    botLogin: await botLoginOf(app, state),
    secret: stateSecretOf(state, process.env),
  };
  return {
    github,
    identity,
    configOf: (repo) =>
      state.configs.get(repo, () =>
        loadConfig({
          async config<T>(fileName: string): Promise<T | null> {
            const { config, files } = await octokit.config.get({
              ...repoRef(repo),
              path: `.github/${fileName}`,
            });
            return files.some((file) => file.config !== null) ? (config as T) : null;
          },
        }),
      ),
    deps: (config) => runnerDepsOf(state, { github, config, identity, log }),
  };
}
