import { Injectable } from '@nestjs/common';
import { ConflictProblem, TransactionHost, ValidationProblem } from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit/audit.service';
import { CATEGORY_SLUG_PATTERN } from './problem.constants';
import { ProblemCategory } from './problem-category.entity';

/**
 * The partnership's list of problem categories. Every partnership starts
 * with DEFAULT_PROBLEM_CATEGORIES (seeded by the database when the
 * partnership is inserted); admins add their own.
 */
@Injectable()
export class ProblemCategoriesService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly audit: AuditService,
  ) {}

  /** In listing order (the seeded ones first). */
  async list(partnershipId: string, query: PageQueryDto): Promise<Page<ProblemCategory>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager.getRepository(ProblemCategory).createQueryBuilder('c').where('c.partnership_id = :partnershipId', { partnershipId });
    if (after) qb.andWhere('(c.position, c.slug) > (:position, :slug)', { position: Number(after.k), slug: after.id });
    const rows = await qb.orderBy('c.position', 'ASC').addOrderBy('c.slug', 'ASC').limit(limit + 1).getMany();
    return toPage(rows, limit, (r) => ({ k: r.position, id: r.slug }), (r) => r);
  }

  async exists(partnershipId: string, slug: string): Promise<boolean> {
    return this.tx.manager.getRepository(ProblemCategory).existsBy({ partnershipId, slug });
  }

  /** Adds a category at the end of the list (admins); 409 when the slug is taken. */
  async create(partnershipId: string, input: { slug: string; name: string }): Promise<ProblemCategory> {
    const slug = input.slug.trim();
    if (!CATEGORY_SLUG_PATTERN.test(slug)) throw new ValidationProblem([{ path: 'slug', message: 'slug must be lower-case words joined by hyphens' }]);
    const name = input.name.trim().replace(/\s+/g, ' ');
    const m = this.tx.manager;
    // Additions to one partnership's list are numbered one at a time.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('problem_categories'), hashtext($1))`, [partnershipId]);
    if (await this.exists(partnershipId, slug)) throw new ConflictProblem('category-exists', `The category ${slug} already exists in this partnership.`);
    const [{ next }] = await m.query<{ next: number }[]>(
      'SELECT coalesce(max(position), 0)::int + 1 AS next FROM problem_categories WHERE partnership_id = $1',
      [partnershipId],
    );
    await m.getRepository(ProblemCategory).insert({ partnershipId, slug, name, position: next });
    await this.audit.record({ action: 'problem_category.created', target: { type: 'problem_category', id: null }, details: { slug, name } });
    return m.getRepository(ProblemCategory).findOneByOrFail({ partnershipId, slug });
  }
}
