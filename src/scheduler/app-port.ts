import type { ConfigResult } from '../config/parse-config.js';
import type { GitHubPort } from '../github/port.js';
import type { StoreIdentity } from '../store/case-file-store.js';

/** One installation of the App, as the tick reaches it. */
export interface InstallationRef {
  id: number;
  /** Login of the account it is installed on (for logs). */
  account: string;
}

/** What the tick needs inside one installation: its GitHub port and its repositories' configs. */
export interface InstallationAccess extends InstallationRef {
  github: GitHubPort;
  /** `.github/advisory-pilot.yml` of a repository (cached; re-read after a while). */
  configOf(repo: string): Promise<ConfigResult>;
}

/** One attempt to deliver a webhook, as `GET /app/hook/deliveries` lists it. */
export interface HookDelivery {
  id: number;
  /** Shared by every attempt of the same event. */
  guid: string;
  deliveredAt: string;
  redelivery: boolean;
  statusCode: number;
  event: string;
}

/**
 * What the scheduler asks of GitHub as the App itself (with the App JWT), as a narrow port:
 * the Probot implementation is `probot-app-port.ts`; tests pass a fake.
 */
export interface AppPort {
  listInstallations(): Promise<InstallationRef[]>;
  /** Authenticates as the installation (a 401/404 means it is gone). */
  installation(ref: InstallationRef): Promise<InstallationAccess>;
  /** The bot login and record secret the store trusts. */
  identity(): Promise<StoreIdentity>;
  /** Failed deliveries since `since`, newest first (every page, cursor-paginated). */
  listFailedDeliveries(since: Date): Promise<HookDelivery[]>;
  /** Asks GitHub to deliver it again (`POST /app/hook/deliveries/{id}/attempts`). */
  redeliver(deliveryId: number): Promise<void>;
}
