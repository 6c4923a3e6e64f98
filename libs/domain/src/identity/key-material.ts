import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readOrCreateKeyFile, type AppConfig } from '@app/core';

/**
 * The PKCS#8 PEM of the ES256 key that signs local access tokens:
 * AUTH_SIGNING_KEY (a PEM, or the path of one), else a key generated on first
 * start under DATA_DIR/keys (outside the repository).
 */
export async function loadSigningKeyPem(config: AppConfig): Promise<string> {
  const configured = config.auth.signingKey;
  if (configured) {
    const pem = configured.includes('-----BEGIN') ? configured.replace(/\\n/g, '\n') : await readFile(configured, 'utf8');
    return pem.trim();
  }
  return readOrCreateKeyFile(join(config.auth.keysDir, 'token-signing-key.pem'), () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
  );
}

/**
 * The secret API keys are stored under: API_KEY_SECRET (required in
 * production), else one generated on first start under DATA_DIR/keys.
 */
export async function loadApiKeySecret(config: AppConfig): Promise<string> {
  if (config.auth.apiKeySecret) return config.auth.apiKeySecret;
  if (config.env === 'production') throw new Error('API_KEY_SECRET is required in production');
  return readOrCreateKeyFile(join(config.auth.keysDir, 'api-key-secret'), () => randomBytes(32).toString('base64url'));
}
