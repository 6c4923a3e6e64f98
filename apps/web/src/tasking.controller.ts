import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Schemas } from '@app/api-client';
import { choice, dateField, dateParts, FormErrors, required, selected, text, type FormBody } from './forms';
import { packStatus } from './figures.controller';
import { partnershipContext, type PartnershipContext } from './partnership-context';
import { Web, type WebRequest } from './web';

const ATTENDANCE = ['present', 'apologies', 'absent'] as const;
const NOMINATION_DECISIONS = ['accept', 'decline', 'merge'] as const;
const DECIDED: Record<(typeof NOMINATION_DECISIONS)[number], string> = {
  accept: 'nomination.accepted',
  decline: 'nomination.declined',
  merge: 'nomination.merged',
};

type AgendaEntry = Schemas['AgendaDto']['newNominations'][number];
const isNomination = (e: AgendaEntry): e is Schemas['AgendaNominationDto'] => 'type' in e && e.type === 'nomination';

/** The instant of a Europe/London wall-clock time on a date (GMT or BST as that day has it). */
export function londonInstant(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(guess);
  const [h = 0, m = 0] = parts.split(':').map(Number);
  const offsetMinutes = h * 60 + m - (guess.getUTCHours() * 60 + guess.getUTCMinutes());
  return new Date(guess.getTime() - ((((offsetMinutes % 1440) + 1440 + 720) % 1440) - 720) * 60_000).toISOString();
}

/** Tasking groups, scheduling, the agenda, running a meeting on one page, closing it, and the minutes. */
@Controller('p/:code')
export class TaskingController {
  constructor(private readonly web: Web) {}

  @Get('tasking')
  async groups(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const page = this.web.ok(await ctx.api.GET('/api/v1/partnerships/{partnershipId}/tasking-groups', { params: { path: ctx.path, query: { limit: 100 } } }));
    return this.web.render(req, reply, 'tasking/groups', { ctx, section: 'nav.tasking', groups: page.items });
  }

  @Get('tasking/:groupId')
  async group(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('groupId') groupId: string) {
    const ctx = await partnershipContext(this.web, req, code);
    return this.showGroup(req, reply, ctx, groupId);
  }

  /**
   * The group, its chair and deputy chair by name (the members read, audited like every read of
   * them), its meetings and, for its chair or an admin, the deputy chair form: the members who
   * may deputise (the chair or admin role), the chair aside.
   */
  private async showGroup(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, groupId: string, extra: Record<string, unknown> = {}, status = 200) {
    const path = { ...ctx.path, groupId };
    const [group, meetings, members] = await Promise.all([
      ctx.api.GET('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}', { params: { path } }).then((r) => this.web.ok(r)),
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}/meetings', { params: { path, query: { limit: 100 } } })
        .then((r) => this.web.ok(r)),
      this.members(ctx),
    ]);
    const nameOf = (userId: string | null) => (userId ? (members.find((m) => m.userId === userId)?.displayName ?? ctx.i18n.t('tasking.formerMember')) : null);
    const mayChange = ctx.membership.role === 'admin' || req.web.session.userId === group.chairUserId;
    const deputies = mayChange ? members.filter((m) => (m.role === 'chair' || m.role === 'admin') && m.userId !== group.chairUserId) : [];
    return this.web.render(
      req,
      reply,
      'tasking/group',
      {
        ctx,
        section: 'nav.tasking',
        group,
        chairName: nameOf(group.chairUserId),
        deputyName: nameOf(group.deputyChairUserId),
        meetings: meetings.items,
        mayRecord: ctx.can.recordMinutes,
        mayChange,
        deputies,
        values: { deputyChairUserId: group.deputyChairUserId ?? '' },
        dates: { scheduledFor: dateParts({}, 'scheduledFor') },
        ...extra,
      },
      status,
    );
  }

  /** The partnership's members, page after page (each read audited by the API). */
  private async members(ctx: PartnershipContext): Promise<Schemas['MemberDto'][]> {
    const all: Schemas['MemberDto'][] = [];
    let cursor: string | undefined;
    do {
      const page = this.web.ok(
        await ctx.api.GET('/api/v1/partnerships/{partnershipId}/members', { params: { path: ctx.path, query: { limit: 100, cursor } } }),
      );
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** Names the group's deputy chair, or none (an empty choice): its chair or an admin. */
  @Post('tasking/:groupId/deputy')
  async deputy(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('groupId') groupId: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const result = await ctx.api.PATCH('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}', {
      params: { path: { ...ctx.path, groupId } },
      body: { deputyChairUserId: text(body, 'deputyChairUserId') || null },
    });
    if (result.data) {
      await this.web.flash(req, 'tasking.deputySaved');
      return this.web.redirect(reply, `${ctx.base}/tasking/${groupId}`);
    }
    this.web.okUnlessInvalid(result);
    const errors = new FormErrors();
    const slug = (result.error as { type?: string } | undefined)?.type?.split('/').pop() ?? '';
    const message = ctx.i18n.t(`tasking.deputyRefused.${slug}`);
    errors.add('deputyChairUserId', message.startsWith('[missing:') ? ctx.i18n.t('tasking.deputyRefused.generic') : message);
    return this.showGroup(req, reply, ctx, groupId, { errors, values: body }, 400);
  }

  @Post('tasking/:groupId/meetings')
  async schedule(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('groupId') groupId: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const date = dateField(body, 'scheduledFor', errors, ctx.i18n, 'tasking.scheduledFor');
    const time = text(body, 'time') || '10:00';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.add('time', ctx.i18n.t('error.invalid', { field: ctx.i18n.t('tasking.time').toLowerCase() }));
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}/meetings', {
        params: { path: { ...ctx.path, groupId } },
        body: { scheduledFor: londonInstant(date!, time) },
      });
      if (result.data) {
        await this.web.flash(req, 'tasking.scheduled');
        return this.web.redirect(reply, `${ctx.base}/meetings/${result.data.id}`);
      }
      this.web.okUnlessInvalid(result);
      errors.add('scheduledFor-day', (result.error as { detail?: string } | undefined)?.detail ?? ctx.i18n.t('need.generic'));
    }
    return this.showGroup(req, reply, ctx, groupId, { errors, values: body, dates: { scheduledFor: dateParts(body, 'scheduledFor') } }, 400);
  }

  @Get('meetings/:id')
  async meeting(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    return this.showMeeting(req, reply, ctx, id);
  }

  private async showMeeting(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const meeting = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}', { params: { path: { ...ctx.path, meetingId: id } } }),
    );
    const agencies = await ctx.agencies();
    const group = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}', {
        params: { path: { ...ctx.path, groupId: meeting.taskingGroupId } },
      }),
    );
    const names = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
    const sitting = agencies.filter((a) => group.agencyIds.includes(a.id));
    const attendance = Object.fromEntries(meeting.attendance.map((a: Schemas['AttendanceDto']) => [a.agencyId, a]));
    // The chair's deputy runs the meeting as the chair does.
    const userId = req.web.session.userId;
    const mayChair = ctx.membership.role === 'admin' || userId === group.chairUserId || (!!userId && userId === group.deputyChairUserId);
    const [nominations, pack] = await Promise.all([this.nominations(ctx, meeting, mayChair), packStatus(this.web, ctx, id)]);
    return this.web.render(
      req,
      reply,
      'tasking/meeting',
      {
        ctx,
        section: 'nav.tasking',
        meeting,
        agenda: meeting.agenda,
        newProblems: meeting.agenda.newNominations.filter((e) => !isNomination(e)),
        ...nominations,
        pack,
        names,
        sitting,
        attendance,
        mayChair,
        mayRecord: ctx.can.recordMinutes,
        statuses: ATTENDANCE,
        values: {},
        dates: { dueDate: dateParts({}, 'dueDate') },
        ...extra,
      },
      status,
    );
  }

  /**
   * The agenda's nominations with their state now (the agenda is frozen when the meeting opens,
   * a nomination may have been decided since) and, for the chair (or deputy) of an open meeting, what a
   * decision form offers: the open problems to merge into and the categories to accept under.
   */
  private async nominations(ctx: PartnershipContext, meeting: Schemas['MeetingDto'], mayChair: boolean) {
    const listed = meeting.agenda.newNominations.filter(isNomination);
    const deciding = mayChair && meeting.status === 'open' && listed.length > 0;
    const [current, openProblems, categories] = await Promise.all([
      // One call for them all: an agenda section shows at most 25 entries (without ?agendaLimit=), well under a page.
      meeting.status === 'scheduled' || listed.length === 0
        ? Promise.resolve([] as Schemas['NominationDto'][])
        : ctx.api
            .GET('/api/v1/partnerships/{partnershipId}/nominations', { params: { path: ctx.path, query: { id: listed.map((n) => n.id), limit: 100 } } })
            .then((r) => this.web.ok(r).items),
      deciding
        ? ctx.api
            .GET('/api/v1/partnerships/{partnershipId}/problems', { params: { path: ctx.path, query: { limit: 100 } } })
            .then((r) => this.web.ok(r).items.filter((p) => p.stage !== 'closed'))
        : Promise.resolve([]),
      deciding
        ? ctx.api
            .GET('/api/v1/partnerships/{partnershipId}/problem-categories', { params: { path: ctx.path, query: { limit: 100 } } })
            .then((r) => this.web.ok(r).items)
        : Promise.resolve([]),
    ]);
    const byId = Object.fromEntries(current.map((n) => [n.id, n]));
    return {
      nominations: listed.map((n) => ({ ...n, current: byId[n.id] ?? null, state: byId[n.id]?.state ?? 'open' })),
      openProblems,
      categories,
      decisionKinds: NOMINATION_DECISIONS,
    };
  }

  @Post('meetings/:id/nominations/:nominationId')
  async decide(
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
    @Param('code') code: string,
    @Param('id') id: string,
    @Param('nominationId') nominationId: string,
  ) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const field = (name: string) => `${name}-${nominationId}`;
    const decision = choice(body, field('decision'), NOMINATION_DECISIONS, errors, ctx.i18n, 'nomination.decisionName');
    const reason = decision === 'decline' ? required(body, field('reason'), errors, ctx.i18n, 'nomination.reasonName') : null;
    const problemId = decision === 'merge' ? selected(body, field('problemId'), errors, ctx.i18n, 'nomination.mergeName') : null;
    const category = decision === 'accept' ? text(body, field('category')) || null : null;
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/nominations/{nominationId}/decision', {
        params: { path: { ...ctx.path, meetingId: id, nominationId } },
        body: { decision: decision!, reason, problemId, category },
      });
      if (result.data) {
        await this.web.flash(req, DECIDED[decision!]);
        return this.web.redirect(reply, `${ctx.base}/meetings/${id}#nomination-${nominationId}`);
      }
      if (![409, 422].includes(result.response.status)) this.web.ok(result);
      const slug = (result.error as { type?: string } | undefined)?.type?.split('/').pop() ?? '';
      const message = ctx.i18n.t(`nomination.refused.${slug}`);
      errors.add(
        slug === 'category-required' || slug === 'unknown-category' ? field('category') : slug.includes('problem') ? field('problemId') : field('decision'),
        message.startsWith('[missing:') ? ctx.i18n.t('nomination.refused.generic') : message,
      );
    }
    return this.showMeeting(req, reply, ctx, id, { errors, values: body }, 400);
  }

  private meetingPath(ctx: PartnershipContext, id: string) {
    return { params: { path: { ...ctx.path, meetingId: id } } };
  }

  @Post('meetings/:id/open')
  async open(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    return this.moveMeeting(req, reply, code, id, 'open');
  }

  @Post('meetings/:id/attendance')
  async attendance(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const entries = (await ctx.agencies())
      .map((a) => ({ agencyId: a.id, status: text(body, `attendance-${a.id}`), attendee: text(body, `attendee-${a.id}`) || null }))
      .filter((e): e is { agencyId: string; status: (typeof ATTENDANCE)[number]; attendee: string | null } =>
        (ATTENDANCE as readonly string[]).includes(e.status),
      );
    this.web.ok(await ctx.api.PUT('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/attendance', { ...this.meetingPath(ctx, id), body: entries }));
    await this.web.flash(req, 'meeting.recorded');
    return this.web.redirect(reply, `${ctx.base}/meetings/${id}#attendance`);
  }

  @Post('meetings/:id/decisions')
  async decision(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const decision = required(body, 'decision', errors, ctx.i18n, 'meeting.decisionText');
    if (errors.any) return this.showMeeting(req, reply, ctx, id, { errors, values: body }, 400);
    const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/decisions', {
      ...this.meetingPath(ctx, id),
      body: { text: decision },
    });
    if (!result.response.ok) {
      this.web.okUnlessInvalid(result);
      errors.add('decision', ctx.i18n.t('error.invalid', { field: ctx.i18n.t('meeting.decisionText').toLowerCase() }));
      return this.showMeeting(req, reply, ctx, id, { errors, values: body }, 400);
    }
    await this.web.flash(req, 'meeting.recorded');
    return this.web.redirect(reply, `${ctx.base}/meetings/${id}#decisions`);
  }

  @Post('meetings/:id/actions')
  async action(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const title = required(body, 'actionTitle', errors, ctx.i18n, 'meeting.actionTitle');
    const ownerAgencyId = required(body, 'ownerAgencyId', errors, ctx.i18n, 'response.owner');
    const dueDate = dateField(body, 'dueDate', errors, ctx.i18n, 'common.dueDate');
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/actions', {
        ...this.meetingPath(ctx, id),
        body: { title, ownerAgencyId, ownerName: text(body, 'ownerName') || null, dueDate: dueDate! },
      });
      if (result.response.ok) {
        await this.web.flash(req, 'meeting.recorded');
        return this.web.redirect(reply, `${ctx.base}/meetings/${id}#actions`);
      }
      this.web.okUnlessInvalid(result);
      errors.add('dueDate-day', (result.error as { detail?: string } | undefined)?.detail ?? ctx.i18n.t('need.generic'));
    }
    return this.showMeeting(req, reply, ctx, id, { errors, values: body, dates: { dueDate: dateParts(body, 'dueDate') } }, 400);
  }

  @Post('meetings/:id/close')
  async close(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    return this.moveMeeting(req, reply, code, id, 'close');
  }

  /** Opens or closes the meeting, then shows it with the message of that step. */
  private async moveMeeting(req: WebRequest, reply: FastifyReply, code: string, id: string, step: 'open' | 'close') {
    const ctx = await partnershipContext(this.web, req, code);
    this.web.ok(await ctx.api.POST(`/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/${step}`, this.meetingPath(ctx, id)));
    await this.web.flash(req, step === 'open' ? 'meeting.opened' : 'meeting.closed');
    return this.web.redirect(reply, `${ctx.base}/meetings/${id}`);
  }

  @Post('meetings/:id/addenda')
  async addendum(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const addendum = required(body, 'addendum', errors, ctx.i18n, 'meeting.addendumText');
    if (errors.any) return this.showMeeting(req, reply, ctx, id, { errors, values: body }, 400);
    this.web.ok(
      await ctx.api.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/addenda', { ...this.meetingPath(ctx, id), body: { text: addendum } }),
    );
    await this.web.flash(req, 'meeting.recorded');
    return this.web.redirect(reply, `${ctx.base}/meetings/${id}#addenda`);
  }
}
