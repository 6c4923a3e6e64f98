import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { readOrCreateKeyFile } from '@app/core';
import { WebhookSecretBox } from './webhook-signing';

/**
 * The key webhook signing secrets are sealed under: WEBHOOK_SECRETS_KEY
 * (required in production), else one generated on first start under
 * DATA_DIR/keys (shared by the API and worker of one machine).
 */
export async function loadWebhookSecretsKey(config: AppConfig): Promise<string> {
  if (config.webhooks.secretsKey) return config.webhooks.secretsKey;
  if (config.env === 'production') throw new Error('WEBHOOK_SECRETS_KEY is required in production');
  return readOrCreateKeyFile(join(config.auth.keysDir, 'webhook-secrets-key'), () => randomBytes(32).toString('base64url'));
}

/** Seals and opens signing secrets with the configured key. */
@Injectable()
export class WebhookSecrets implements OnModuleInit {
  private box?: WebhookSecretBox;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.box = new WebhookSecretBox(await loadWebhookSecretsKey(this.config));
  }

  private get ready(): WebhookSecretBox {
    if (!this.box) throw new Error('WebhookSecrets is not initialised');
    return this.box;
  }

  seal(secret: string): string {
    return this.ready.seal(secret);
  }

  open(sealed: string): string {
    return this.ready.open(sealed);
  }
}
