/**
 * The sandbox: an in-memory GitHub over HTTP for the demo and the end-to-end tests, checked
 * against GitHub's OpenAPI description (DESIGN.md §7).
 */
export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export { createOpenApiValidator, type OpenApiValidator } from './openapi/validator.js';
export { signPayload, type Delivery } from './webhooks.js';
export { Scenario, type ScenarioInput, DEFAULT_APP_PERMISSIONS } from './scenario.js';
export type { SeedResult } from './seed.js';
export type { IssueImportInput, IssueImportResult } from './issue-import.js';
export type { PublicWrite, RequestLogEntry, Violation, ViolationKind } from './records.js';
export type { FaultSpec } from './faults.js';
