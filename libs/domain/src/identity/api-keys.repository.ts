import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid } from '@app/core';
import { ApiKey } from './api-key.entity';
import { keysetRows } from '../shared/keyset';

/** A page of a partnership's keys, newest first, after the keyset of the last one seen. */
export interface ApiKeyPageQuery {
  includeRevoked?: boolean;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Every query on the api_keys table of the API (the request context reads keys on its own). */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Writes the key and returns it as stored. */
  insert(apiKey: Pick<ApiKey, 'id' | 'partnershipId' | 'name' | 'prefix' | 'keyHash' | 'scopes' | 'createdByUserId'>): Promise<ApiKey> {
    const repo = this.tx.manager.getRepository(ApiKey);
    return repo.save(repo.create({ ...apiKey, lastUsedAt: null, revokedAt: null }));
  }

  page(partnershipId: string, query: ApiKeyPageQuery): Promise<ApiKey[]> {
    const qb = this.tx.manager.getRepository(ApiKey).createQueryBuilder('k').where('k.partnership_id = :partnershipId', { partnershipId });
    if (!query.includeRevoked) qb.andWhere('k.revoked_at IS NULL');
    return keysetRows(qb, { column: 'created_at', order: 'DESC' }, query.after && { key: query.after.createdAt, id: query.after.id }, query.limit);
  }

  /** The partnership's key, or null (also for a malformed id). */
  find(partnershipId: string, id: string): Promise<ApiKey | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(ApiKey).findOneBy({ id, partnershipId });
  }

  async revoke(id: string, revokedAt: Date): Promise<void> {
    await this.tx.manager.getRepository(ApiKey).update({ id }, { revokedAt });
  }
}
