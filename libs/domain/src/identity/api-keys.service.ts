import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, Clock, notFound, uuidv7, type AppConfig } from '@app/core';
import { readCreatedPage, type Page, type PageQueryDto } from '@app/core/pagination';
import type { Scope } from '@app/core/security';
import { AuditService } from '../audit';
import type { ApiKey } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { loadApiKeySecret } from './key-material';

/** Every key starts with this, so it is recognisable (and findable by secret scanners). */
export const API_KEY_PREFIX = 'cspk_';
/** How much of a key is kept and shown in lists. */
const VISIBLE_LENGTH = API_KEY_PREFIX.length + 8;
const KEY_PATTERN = /^cspk_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** A new key: 256 random bits after the prefix. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX);
}

export function hashApiKey(secret: string, key: string): string {
  return createHmac('sha256', secret).update(key, 'utf8').digest('hex');
}

/** API keys for partner systems: shown once, stored as HMAC-SHA-256, revocable. */
@Injectable()
export class ApiKeysService implements OnModuleInit {
  private secret?: string;

  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = await loadApiKeySecret(this.config);
  }

  private hash(key: string): string {
    if (!this.secret) throw new Error('ApiKeysService is not initialised');
    return hashApiKey(this.secret, key);
  }

  /** The stored hash of a well-formed key, or null when it cannot be a key of ours. */
  hashOf(key: string): string | null {
    return KEY_PATTERN.test(key) ? this.hash(key) : null;
  }

  async create(partnershipId: string, input: { name: string; scopes: Scope[] }, createdByUserId: string | null): Promise<{ key: string; apiKey: ApiKey }> {
    const key = generateApiKey();
    const apiKey = await this.repository.insert({
      id: uuidv7(),
      partnershipId,
      name: input.name.trim(),
      prefix: key.slice(0, VISIBLE_LENGTH),
      keyHash: this.hash(key),
      scopes: [...new Set(input.scopes)].sort(),
      createdByUserId,
    });
    await this.audit.record({
      action: 'api_key.created',
      target: { type: 'api_key', id: apiKey.id },
      details: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes },
    });
    return { key, apiKey };
  }

  async list(partnershipId: string, query: PageQueryDto & { includeRevoked?: boolean }): Promise<Page<ApiKey>> {
    return readCreatedPage(
      query,
      (after, limit) => this.repository.page(partnershipId, { includeRevoked: query.includeRevoked, after, limit }),
      (r) => r,
    );
  }

  /** Revokes a key: the next request made with it is refused. */
  async revoke(partnershipId: string, id: string): Promise<ApiKey> {
    const found = await this.repository.find(partnershipId, id);
    if (!found || found.revokedAt) throw notFound('API key');
    found.revokedAt = this.clock.now();
    await this.repository.revoke(found.id, found.revokedAt);
    await this.audit.record({ action: 'api_key.revoked', target: { type: 'api_key', id: found.id }, details: { prefix: found.prefix } });
    return found;
  }
}
