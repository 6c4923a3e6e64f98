import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';
import { ProblemCategory } from './problem-category.entity';

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
  async lockList(partnershipId: string): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('problem_categories'), hashtext($1))`, [partnershipId]);
  }

  /** The position after the partnership's last category. */
  async nextPosition(partnershipId: string): Promise<number> {
    const rows = await this.tx.manager.query<{ next: number }[]>(
      'SELECT coalesce(max(position), 0)::int + 1 AS next FROM problem_categories WHERE partnership_id = $1',
      [partnershipId],
    );
    return oneRow(rows).next;
  }

  async insert(category: Pick<ProblemCategory, 'partnershipId' | 'slug' | 'name' | 'position'>): Promise<void> {
    await this.tx.manager.getRepository(ProblemCategory).insert(category);
  }

  get(partnershipId: string, slug: string): Promise<ProblemCategory> {
    return this.tx.manager.getRepository(ProblemCategory).findOneByOrFail({ partnershipId, slug });
  }
}
