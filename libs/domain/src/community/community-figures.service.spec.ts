import { describe, expect, it } from '@jest/globals';
import type { Clock } from '@app/core';
import { refusalOf } from '@app/testing/service-testing';
import type { ProblemsService } from '../problems';
import { CommunityFiguresService } from './community-figures.service';
import { CommunityErrors } from './community.errors';
import type { EngagementsRepository } from './engagements.repository';
import type { IntelligenceRepository } from './intelligence.repository';

/** The period is checked before any count is read: the repositories are never reached. */
const service = new CommunityFiguresService(
  { today: () => '2026-03-02' } as unknown as Clock,
  {} as EngagementsRepository,
  {} as IntelligenceRepository,
  {} as ProblemsService,
);

describe('CommunityFiguresService period', () => {
  it('refuses a period that ends before it starts, naming both ends', async () => {
    const err = await refusalOf(service.figures('p', { from: '2026-02-01', to: '2026-01-31' }));
    expect(err.refusal).toBe(CommunityErrors.periodInverted);
    expect(err.detail).toBe('from (2026-02-01) is after to (2026-01-31).');
    expect(err.extensions).toEqual({ from: '2026-02-01', to: '2026-01-31' });
  });

  it('refuses a period longer than the figures cover at once', async () => {
    const err = await refusalOf(service.figures('p', { to: '2026-03-02', from: '2021-03-02' }));
    expect(err.refusal).toBe(CommunityErrors.periodTooLong);
  });
});
