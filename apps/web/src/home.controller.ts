import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Schemas } from '@app/api-client';
import { Clock, daysBetween } from '@app/core';
import { PROBLEM_STAGES } from '@app/domain/problems/problem.constants';
import { partnershipContext } from './partnership-context';
import { Web, type WebRequest } from './web';

/** The home page of a partnership, arranged for the role. */
@Controller('p/:code')
export class HomeController {
  constructor(
    private readonly web: Web,
    private readonly clock: Clock,
  ) {}

  @Get()
  async home(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const { api, path } = ctx;
    // Today in Europe/London, as the API judges due dates.
    const today = this.clock.today();
    const agencyId = ctx.membership.role === 'partner' ? (ctx.membership.agencyId ?? undefined) : undefined;
    const [flags, actions, assessments, groups, counts] = await Promise.all([
      api.GET('/api/v1/partnerships/{partnershipId}/flags', { params: { path, query: { open: true, limit: 5 } } }).then((r) => this.web.ok(r)),
      api.GET('/api/v1/partnerships/{partnershipId}/actions', { params: { path, query: { agencyId, limit: 100 } } }).then((r) => this.web.ok(r)),
      api
        .GET('/api/v1/partnerships/{partnershipId}/strategic-assessments', { params: { path, query: { status: 'approved', limit: 1 } } })
        .then((r) => this.web.ok(r)),
      api.GET('/api/v1/partnerships/{partnershipId}/tasking-groups', { params: { path, query: { limit: 100 } } }).then((r) => this.web.ok(r)),
      api.GET('/api/v1/partnerships/{partnershipId}/problem-stage-counts', { params: { path } }).then((r) => this.web.ok(r)),
    ]);
    const open = actions.items.filter((a) => a.status === 'open' || a.status === 'in_progress');
    const overdue = open.filter((a) => a.overdue);
    const dueSoon = open.filter((a) => !a.overdue && daysBetween(today, a.dueDate) <= 14);
    const scheduled = (
      await Promise.all(
        groups.items.map((g) =>
          api
            .GET('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}/meetings', {
              params: { path: { ...path, groupId: g.id }, query: { status: 'scheduled', limit: 100 } },
            })
            .then((r) => this.web.ok(r).items),
        ),
      )
    ).flat();
    const nextMeeting = scheduled.sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))[0] ?? null;
    const assessment: Schemas['StrategicAssessmentDto'] | null = assessments.items[0] ?? null;
    const reviewDays = assessment?.nextReviewDue ? daysBetween(today, assessment.nextReviewDue) : null;
    const names = new Map((await ctx.agencies()).map((a) => [a.id, a.name]));
    const withAgency = (list: typeof open) => list.slice(0, 10).map((a) => ({ ...a, agencyName: names.get(a.ownerAgencyId) ?? '' }));
    return this.web.render(req, reply, 'home', {
      ctx,
      flags: flags.items,
      overdue: withAgency(overdue),
      dueSoon: withAgency(dueSoon),
      myAgency: agencyId ? names.get(agencyId) : undefined,
      stages: PROBLEM_STAGES.map((stage) => ({ stage, count: counts[stage] })),
      nextMeeting,
      assessment,
      reviewDays,
    });
  }
}
