import { parseConfig } from '../../src/config/parse-config.js';
import type { AdvisoryPilotConfigInput } from '../../src/config/schema.js';
import type {
  AppPort,
  HookDelivery,
  InstallationAccess,
  InstallationRef,
} from '../../src/scheduler/app-port.js';
import { FakeGitHub } from '../helpers/fake-github.js';

export const BOT = 'advisory-pilot[bot]';
export const SECRET = 'scheduler-secret';

interface FakeInstallation {
  account: string;
  github: FakeGitHub;
  configs: Record<string, AdvisoryPilotConfigInput>;
  /** Set to make reaching the installation fail (removed, suspended). */
  gone?: boolean;
}

/** The App-level side of GitHub for scheduler tests: installations, deliveries, redelivery. */
export class FakeApp implements AppPort {
  readonly installations = new Map<number, FakeInstallation>();
  readonly deliveries: HookDelivery[] = [];
  readonly redelivered: number[] = [];
  /** Resolves `listInstallations` only when released (to hold a tick open). */
  gate: Promise<void> | undefined;
  calls = { listInstallations: 0, listFailedDeliveries: 0, installation: 0 };

  add(id: number, installation: FakeInstallation): this {
    this.installations.set(id, installation);
    return this;
  }

  async listInstallations(): Promise<InstallationRef[]> {
    this.calls.listInstallations++;
    await this.gate;
    return [...this.installations.entries()].map(([id, i]) => ({ id, account: i.account }));
  }

  async installation(ref: InstallationRef): Promise<InstallationAccess> {
    this.calls.installation++;
    const found = this.installations.get(ref.id);
    if (!found || found.gone) throw Object.assign(new Error('Not Found'), { status: 404 });
    return {
      ...ref,
      github: found.github,
      configOf: (repo) => Promise.resolve(parseConfig(found.configs[repo] ?? {})),
    };
  }

  identity() {
    return Promise.resolve({ botLogin: BOT, secret: SECRET });
  }

  async listFailedDeliveries(since: Date): Promise<HookDelivery[]> {
    this.calls.listFailedDeliveries++;
    return this.deliveries
      .filter((d) => d.statusCode >= 400 && Date.parse(d.deliveredAt) >= since.getTime())
      .sort((a, b) => b.deliveredAt.localeCompare(a.deliveredAt));
  }

  async redeliver(deliveryId: number): Promise<void> {
    this.redelivered.push(deliveryId);
  }
}
