import type { AppState } from '../instance-state.js';
import type { Job } from '../jobs/job.js';
import { installationOf } from './installation-of.js';

/** The input a `product-event` job carries. */
export type ProductInput = Extract<Job, { kind: 'product-event' }>['input'];

/** What a product-repository handler reads from its webhook context. */
export interface ProductDelivery {
  id: string;
  name: string;
  payload: {
    /** Absent on `push`, the one event without actions. */
    action?: string;
    repository: { full_name: string; private: boolean };
    installation?: { id: number } | null;
  };
}

/**
 * Queues a `product-event` job: one at a time per product repository, offered to each of its
 * open cases when it runs.
 */
export function addProductEvent(
  state: AppState,
  context: ProductDelivery,
  input: ProductInput,
): Promise<void> {
  const { repository, action } = context.payload;
  return state.jobs.add({
    kind: 'product-event',
    event: action === undefined ? context.name : `${context.name}.${action}`,
    delivery: context.id,
    installationId: installationOf(context.payload),
    repository: { fullName: repository.full_name, private: repository.private },
    input,
  });
}
