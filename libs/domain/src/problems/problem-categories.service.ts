import { Injectable } from '@nestjs/common';
import { invalidInput } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit';
import { CATEGORY_SLUG_PATTERN } from './problem.constants';
import { ProblemCategoriesRepository } from './problem-categories.repository';
import type { ProblemCategory } from './problem-category.entity';
import { ProblemErrors } from './problems.errors';

/**
 * The partnership's list of problem categories. Every partnership starts
 * with DEFAULT_PROBLEM_CATEGORIES (seeded by the database when the
 * partnership is inserted); admins add their own.
 */
@Injectable()
export class ProblemCategoriesService {
  constructor(
    private readonly repository: ProblemCategoriesRepository,
    private readonly audit: AuditService,
  ) {}

  /** In listing order (the seeded ones first). */
  async list(partnershipId: string, query: PageQueryDto): Promise<Page<ProblemCategory>> {
    return readPage(
      query,
      (after, limit) => this.repository.page(partnershipId, { after: after && { position: Number(after.k), slug: after.id }, limit }),
      (r) => ({ k: r.position, id: r.slug }),
      (r) => r,
    );
  }

  async exists(partnershipId: string, slug: string): Promise<boolean> {
    return this.repository.exists(partnershipId, slug);
  }

  /** Adds a category at the end of the list (admins); 409 when the slug is taken. */
  async create(partnershipId: string, input: { slug: string; name: string }): Promise<ProblemCategory> {
    const slug = input.slug.trim();
    if (!CATEGORY_SLUG_PATTERN.test(slug)) throw invalidInput([{ path: 'slug', message: 'slug must be lower-case words joined by hyphens' }]);
    const name = input.name.trim().replace(/\s+/g, ' ');
    // Additions to one partnership's list are numbered one at a time.
    await this.repository.lockList(partnershipId);
    if (await this.exists(partnershipId, slug)) throw ProblemErrors.categoryExists.error(`The category ${slug} already exists in this partnership.`);
    const position = await this.repository.nextPosition(partnershipId);
    await this.repository.insert({ partnershipId, slug, name, position });
    await this.audit.record({ action: 'problem_category.created', target: { type: 'problem_category', id: null }, details: { slug, name } });
    return this.repository.get(partnershipId, slug);
  }
}
