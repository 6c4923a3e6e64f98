import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { readOrCreateKeyFile } from '@app/core';

/**
 * Keyed hashes of incident subjects. A source system sends a victim,
 * offender or caller as its own pseudonymous reference; the product keeps
 * only HMAC-SHA-256(partnership key, source system + reference), so repeats
 * can be counted while nobody can be named from the product, and the same
 * reference gives unrelated hashes in two partnerships. Each partnership's
 * key is derived from SUBJECT_KEY_SECRET (else a secret generated on first
 * use under DATA_DIR/keys, never in production).
 */
@Injectable()
export class SubjectKeys {
  private secret?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A function hashing `(sourceSystem, key)` for one partnership (hex). */
  async hasherFor(partnershipId: string): Promise<(sourceSystem: string, key: string) => string> {
    const partnershipKey = createHmac('sha256', await this.loadSecret())
      .update(`csp-subject-key/v1/${partnershipId.toLowerCase()}`)
      .digest();
    return (sourceSystem, key) => createHmac('sha256', partnershipKey).update(`${sourceSystem}\u0000${key.trim()}`).digest('hex');
  }

  private loadSecret(): Promise<string> {
    this.secret ??= (async () => {
      if (this.config.intake.subjectKeySecret) return this.config.intake.subjectKeySecret;
      if (this.config.env === 'production') throw new Error('SUBJECT_KEY_SECRET is required in production');
      return readOrCreateKeyFile(join(this.config.auth.keysDir, 'subject-key-secret'), () => randomBytes(32).toString('base64url'));
    })();
    return this.secret;
  }
}
