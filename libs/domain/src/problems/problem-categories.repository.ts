import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import { ProblemCategory } from './problem-category.entity';
import { lockInPartnership, nextNumberIn } from '../shared/sql';

/** Every query on the problem_categories table. */
@Injectable()
export class ProblemCategoriesRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The partnership's categories in listing order (position, then slug), after the keyset given; `limit` rows at most. */
  page(partnershipId: string, query: { after?: { position: number; slug: string }; limit: number }): Promise<ProblemCategory[]> {
    const qb = this.tx.manager.getRepository(ProblemCategory).createQueryBuilder('c').where('c.partnership_id = :partnershipId', { partnershipId });
    if (query.after) qb.andWhere('(c.position, c.slug) > (:position, :slug)', query.after);
    return qb.orderBy('c.position', 'ASC').addOrderBy('c.slug', 'ASC').limit(query.limit).getMany();
  }

  exists(partnershipId: string, slug: string): Promise<boolean> {
    return this.tx.manager.getRepository(ProblemCategory).existsBy({ partnershipId, slug });
  }

  /** Additions to one partnership's list queue on this lock until the transaction ends, so they are numbered one at a time. */
  lockList(partnershipId: string): Promise<void> {
    return lockInPartnership(this.tx.manager, 'problem_categories', partnershipId);
  }

  /** The position after the partnership's last category. */
  nextPosition(partnershipId: string): Promise<number> {
    return nextNumberIn(this.tx.manager, 'problem_categories', 'position', 'partnership_id', partnershipId);
  }

  async insert(category: Pick<ProblemCategory, 'partnershipId' | 'slug' | 'name' | 'position'>): Promise<void> {
    await this.tx.manager.getRepository(ProblemCategory).insert(category);
  }

  get(partnershipId: string, slug: string): Promise<ProblemCategory> {
    return this.tx.manager.getRepository(ProblemCategory).findOneByOrFail({ partnershipId, slug });
  }
}
