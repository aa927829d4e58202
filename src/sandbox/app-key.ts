import { generateKeyPairSync } from 'node:crypto';

/**
 * A fresh RSA private key (PKCS#1 PEM) for an App's JWT: the sandbox verifies the JWT with the
 * public half, so a demo, a test or a benchmark never needs a real App's key.
 */
export function generateAppKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
}
