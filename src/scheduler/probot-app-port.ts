import type { Probot, ProbotOctokit } from 'probot';
import type { AppState } from '../instance-state.js';
import type { ConfigResult } from '../config/parse-config.js';
import { createOctokitGitHub } from '../github/octokit-github.js';
import { botLoginOf, servicesFor, stateSecretOf } from '../handlers/services.js';
import type { AppPort, HookDelivery } from './app-port.js';
import { instrumentOctokit } from './instrument.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

interface RestDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
}

/** The cursor of the next page, from a `Link` header (`…&cursor=v1_123>; rel="next"`). */
export function nextCursor(link: string | undefined): string | undefined {
  const next = (link ?? '').split(',').find((part) => /rel="next"/.test(part));
  const url = next ? /<([^>]+)>/.exec(next)?.[1] : undefined;
  return url ? (new URL(url).searchParams.get('cursor') ?? undefined) : undefined;
}

const MAX_DELIVERY_PAGES = 50;

/**
 * The scheduler's port over Probot: `app.auth()` for the App JWT, `app.auth(id)` per
 * installation (tokens are cached by Probot), the same GitHub port and config loading as the
 * webhook handlers. Configurations are cached for `configTtlMs` (default an hour): reading
 * them every ten minutes would cost two requests per repository that cannot be conditional.
 */
export function createProbotAppPort(
  app: Probot,
  state: AppState,
  options: { configTtlMs?: number } = {},
): AppPort {
  const ttl = options.configTtlMs ?? 3_600_000;
  const configs = new Map<string, { result: ConfigResult; at: number }>();
  const observe = (octokit: Octokit) => {
    instrumentOctokit(octokit, state.metrics);
  };
  const asApp = async (): Promise<Octokit> => {
    const octokit = await app.auth();
    observe(octokit);
    return octokit;
  };
  return {
    async listInstallations() {
      const octokit = await asApp();
      const all = await octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100 });
      return all
        .filter((i) => !i.suspended_at)
        .map((i) => {
          const account = i.account as { login?: string; slug?: string } | null;
          return { id: i.id, account: account?.login ?? account?.slug ?? String(i.id) };
        });
    },
    async installation(ref) {
      const octokit = await app.auth(ref.id);
      const github = createOctokitGitHub(octokit, state.cache, observe, state.repositories);
      const services = await servicesFor(app, state, octokit, app.log);
      return {
        ...ref,
        github,
        async configOf(repo) {
          const key = `${String(ref.id)}:${repo}`;
          const now = state.options.now().getTime();
          const cached = configs.get(key);
          if (cached && now - cached.at < ttl) return cached.result;
          const result = await services.configOf(repo);
          configs.set(key, { result, at: now });
          return result;
        },
      };
    },
    async identity() {
      return { botLogin: await botLoginOf(app, state), secret: stateSecretOf(state, process.env) };
    },
    async listFailedDeliveries(since) {
      const octokit = await asApp();
      const found: HookDelivery[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_DELIVERY_PAGES; page++) {
        const response = await octokit.request('GET /app/hook/deliveries', {
          per_page: 100,
          status: 'failure',
          ...(cursor ? { cursor } : {}),
        });
        for (const d of response.data as RestDelivery[]) {
          if (Date.parse(d.delivered_at) < since.getTime()) return found;
          found.push({
            id: d.id,
            guid: d.guid,
            deliveredAt: d.delivered_at,
            redelivery: d.redelivery,
            statusCode: d.status_code,
            event: d.event,
          });
        }
        cursor = nextCursor(response.headers.link);
        if (!cursor) return found;
      }
      return found;
    },
    async redeliver(deliveryId) {
      const octokit = await asApp();
      await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', {
        delivery_id: deliveryId,
      });
    },
  };
}
