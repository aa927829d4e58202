import type { Input } from '../domain/inputs.js';
import { isAppActor } from '../domain/leak-watch.js';
import { concernsNoCase } from '../domain/product-event-filter.js';
import { trackingRepoFor } from '../domain/tracking-repo.js';
import { openCasesOf } from '../handlers/case-routing.js';
import type { Services } from '../handlers/services.js';
import { runInput } from '../runner/run-input.js';
import type { Job } from './job.js';
import type { CaseIndexMemo } from '../store/case-index-memo.js';

type ProductJob = Extract<Job, { kind: 'product-event' }>;
type DatabaseJob = Extract<Job, { kind: 'database-published' }>;

/**
 * The release workflow finished, a release was published, a PR was merged, public activity or a
 * push happened: offered to each open case of the product repository; the domain ignores what is
 * not theirs.
 */
export async function runProductEvent(
  services: Services,
  job: ProductJob,
  log: { error(obj: object, msg?: string): void },
  /** The instance's memory of tracking issues (one listing serves many product events). */
  index?: CaseIndexMemo,
): Promise<void> {
  const { repository } = job;
  // The App's own activity needs no configuration to be told apart: not even that is read.
  if (
    job.input.type === 'public-activity' &&
    isAppActor(job.input.author, services.identity.botLogin)
  )
    return;
  const config = await services.configOf(repository.fullName);
  if (!config.ok) return;
  if (concernsNoCase(job.input, repository.private, config.config, services.identity.botLogin))
    return;
  const tracking = trackingRepoFor(config.config, repository.fullName, repository.private);
  if (!tracking.ok) {
    log.error({ repo: repository.fullName }, tracking.reason);
    return;
  }
  const input: Input = job.input;
  for (const ref of await openCasesOf(
    services,
    config.config,
    tracking.repo,
    repository.fullName,
    index,
  )) {
    await runInput(services.deps(config.config), ref, input);
  }
}

/** Our advisory reached the global GitHub Advisory Database. */
export async function runDatabasePublished(services: Services, job: DatabaseJob): Promise<void> {
  const config = await services.configOf(job.productRepo);
  if (!config.ok) return;
  // The payload names the GHSA; what the database lists is read from GitHub.
  const deps = services.deps(config.config);
  const listed = await deps.github.getGlobalAdvisory(job.ghsaId);
  await runInput(deps, job.tracking, {
    type: 'database-published',
    delivery: job.delivery,
    ghsaId: job.ghsaId,
    ...(listed ? { listed } : {}),
  });
}
