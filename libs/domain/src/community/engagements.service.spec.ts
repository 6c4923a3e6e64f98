import { describe, expect, it, jest } from '@jest/globals';
import { actingAs, recordingAudit, recordingOutbox, refusalOf, construct } from '@app/testing/service-testing';
import type { NominationsService } from '../intake';
import { PartnershipErrors } from '../partnerships';
import type { ProblemCategoriesService } from '../problems';
import { ProblemErrors } from '../problems';
import { StrategyErrors } from '../strategy';
import type { EngagementIssueStatus } from './community.constants';
import { CommunityErrors } from './community.errors';
import type { Engagement, EngagementIssue } from './engagement.entity';
import { EngagementsService } from './engagements.service';
import type { IntelligenceRequirementService } from './intelligence-requirement.service';
import { PARTNERSHIP, ENGAGEMENT, ISSUE, PROBLEM, STRATEGY_PRIORITY as PRIORITY, AGENCY, FOREIGN_AGENCY, fixture } from '@app/testing/fixtures';

const TODAY = '2026-03-02';

const engagement = fixture<Engagement>({
  id: ENGAGEMENT,
  partnershipId: PARTNERSHIP,
  heldOn: '2026-02-20',
  kind: 'pact_meeting',
  title: 'PACT Adamsdown',
  areaCodes: ['W05000849'],
  agencyIds: [],
  version: 4,
});

function issue(status: EngagementIssueStatus = 'open'): EngagementIssue {
  return {
    id: ISSUE,
    partnershipId: PARTNERSHIP,
    engagementId: ENGAGEMENT,
    raisedOn: '2026-02-20',
    category: 'asb',
    areaCode: 'W05000849',
    status,
    version: 2,
    publishedAt: null,
  } as EngagementIssue;
}

function setUp(options: { issue?: EngagementIssue; problems?: { id: string }[]; priority?: { id: string } | null; agencies?: string[] } = {}) {
  const repository = {
    lockEngagement: jest.fn(async (_partnershipId: string, _id: string, _expectedVersion?: number) => engagement()),
    findEngagement: jest.fn(async () => engagement()),
    updateEngagement: jest.fn(async (_id: string, _set: unknown) => undefined),
    issuesOf: jest.fn(async () => []),
    lockIssue: jest.fn(async (_partnershipId: string, _id: string, _expectedVersion?: number) => options.issue ?? issue()),
    findIssue: jest.fn(async () => options.issue ?? issue()),
    updateIssue: jest.fn(async (_id: string, _set: unknown) => undefined),
    moveIssuesDate: jest.fn(async () => undefined),
  };
  const problems = { references: jest.fn(async () => options.problems ?? [{ id: PROBLEM }]) };
  const strategies = { findCurrentPriority: jest.fn(async () => (options.priority === undefined ? { id: PRIORITY } : options.priority)) };
  const partnerships = { agencyIdsOf: jest.fn(async (_: string, ids: string[]) => new Set(ids.filter((id) => (options.agencies ?? [AGENCY]).includes(id)))) };
  const audit = recordingAudit();
  const service = construct(
    EngagementsService,
    { today: () => TODAY, now: () => new Date(`${TODAY}T10:00:00Z`) },
    audit,
    recordingOutbox(),
    repository,
    {} as IntelligenceRequirementService,
    partnerships,
    {} as ProblemCategoriesService,
    problems,
    strategies,
    {} as NominationsService,
  );
  return { service, repository, audit };
}

const asAnalyst = <T>(work: () => Promise<T>) => actingAs({ userId: 'u1' }, work);

const refusal = (work: () => Promise<unknown>) => refusalOf(asAnalyst(work));

describe('EngagementsService (repository mocked)', () => {
  it('refuses an engagement dated after today, naming the date and today', async () => {
    const { service, repository } = setUp();
    const err = await refusal(() => service.update(PARTNERSHIP, ENGAGEMENT, { heldOn: '2026-03-03' }, 4));
    expect(err.refusal).toBe(CommunityErrors.dateInFuture);
    expect(err.extensions).toEqual({ heldOn: '2026-03-03', today: TODAY });
    expect(repository.updateEngagement).not.toHaveBeenCalled();
  });

  it('checks the version under the lock and writes only what changed', async () => {
    const { service, repository } = setUp();
    await asAnalyst(() => service.update(PARTNERSHIP, ENGAGEMENT, { title: '  PACT Splott ', areaCodes: ['w05000849', 'W05000849'] }, 4));
    expect(repository.lockEngagement).toHaveBeenCalledWith(PARTNERSHIP, ENGAGEMENT, 4);
    expect(repository.updateEngagement).toHaveBeenCalledWith(ENGAGEMENT, { title: 'PACT Splott' });
  });

  it('lists every malformed area code at once', async () => {
    const { service } = setUp();
    const err = await refusal(() => service.update(PARTNERSHIP, ENGAGEMENT, { areaCodes: ['W0500', 'W05000849', 'W01'] }));
    expect(err.kind).toBe('invalid');
    expect((err.extensions.errors as { path: string }[]).map((e) => e.path)).toEqual(['areaCodes[0]', 'areaCodes[2]']);
  });

  it("refuses agencies that are not the partnership's", async () => {
    const err = await refusal(() => setUp().service.update(PARTNERSHIP, ENGAGEMENT, { agencyIds: [AGENCY, FOREIGN_AGENCY] }));
    expect(err.refusal).toBe(PartnershipErrors.agencyNotInPartnership);
    expect(err.extensions).toEqual({ agencyIds: [FOREIGN_AGENCY] });
  });

  it('a link names a problem or a priority, of this partnership and current', async () => {
    const { service, repository } = setUp();
    expect((await refusal(() => service.link(PARTNERSHIP, ISSUE, {}))).refusal).toBe(CommunityErrors.linkTargetRequired);
    expect(repository.lockIssue).not.toHaveBeenCalled();
    expect((await refusal(() => setUp({ problems: [] }).service.link(PARTNERSHIP, ISSUE, { problemId: PROBLEM }))).refusal).toBe(ProblemErrors.unknownProblem);
    expect((await refusal(() => setUp({ priority: null }).service.link(PARTNERSHIP, ISSUE, { priorityId: PRIORITY }))).refusal).toBe(
      StrategyErrors.priorityNotCurrent,
    );
  });

  it('links an open issue and stores what it was linked to', async () => {
    const { service, repository } = setUp();
    await asAnalyst(() => service.link(PARTNERSHIP, ISSUE, { problemId: PROBLEM, priorityId: PRIORITY }, 2));
    expect(repository.lockIssue).toHaveBeenCalledWith(PARTNERSHIP, ISSUE, 2);
    expect(repository.updateIssue).toHaveBeenCalledWith(
      ISSUE,
      expect.objectContaining({ status: 'linked', problemId: PROBLEM, controlStrategyPriorityId: PRIORITY }),
    );
  });

  it('decides an issue once: a linked, nominated or closed one is refused', async () => {
    for (const status of ['linked', 'nominated', 'closed'] as const) {
      const { service, repository } = setUp({ issue: issue(status) });
      const err = await refusal(() => service.close(PARTNERSHIP, ISSUE, 'dealt with'));
      expect(err.refusal).toBe(CommunityErrors.engagementIssueNotOpen);
      expect(err.extensions).toEqual({ status });
      expect(repository.updateIssue).not.toHaveBeenCalled();
    }
  });

  it('closes an open issue with its reason, trimmed', async () => {
    const { service, repository } = setUp();
    await asAnalyst(() => service.close(PARTNERSHIP, ISSUE, '  dealt with at PACT  '));
    expect(repository.updateIssue).toHaveBeenCalledWith(ISSUE, expect.objectContaining({ status: 'closed', closedReason: 'dealt with at PACT' }));
  });
});
