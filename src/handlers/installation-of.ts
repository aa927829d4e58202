/**
 * The installation a webhook was delivered for. Every event the App acts on carries one (only
 * `security_advisory`, the global database, does not, and its handler looks the case up).
 */
export function installationOf(payload: { installation?: { id: number } | null }): number {
  const id = payload.installation?.id;
  if (id === undefined) throw new Error('the webhook carries no installation');
  return id;
}
