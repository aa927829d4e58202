import type { Probot } from 'probot';

/**
 * Installation changes carry no case state; they are logged so an operator can see which
 * repositories the App can reach (polling discovers them on its own).
 */
export function registerInstallationHandlers(app: Probot): void {
  app.on(['installation', 'installation_repositories'], (context) => {
    const payload = context.payload;
    const account = payload.installation.account;
    const login = account && 'login' in account ? account.login : 'unknown';
    context.log.info(
      {
        event: context.name,
        action: payload.action,
        installation: payload.installation.id,
        account: login,
      },
      'installation changed',
    );
    return Promise.resolve();
  });
}
