import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '@app/core';
import { AccountabilityErrors, MeetingPacksService } from '@app/domain/accountability';
import { TaskingErrors } from '@app/domain/tasking';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { documentAnswer, sendDocument } from '../common/documents';
import { Endpoint } from '../common/endpoint';
import { PackStatusDto } from './accountability.dto';
import { FIGURES_READ } from './figures.controller';

const MEETING_PARAM = { name: 'meetingId', format: 'uuid', description: 'A meeting.' };
const NOT_FOUND = 'No such meeting in this partnership.';
/** Asking for a pack: those who prepare and run meetings. */
const PACK_REQUEST = { roles: ['analyst', 'chair'], scopes: ['tasking:write'] } as const;

@ApiTags('accountability')
@ApiParam(PARTNERSHIP_PARAM)
@ApiParam(MEETING_PARAM)
@Controller('partnerships/:partnershipId/meetings/:meetingId')
export class MeetingPacksController {
  constructor(private readonly packs: MeetingPacksService) {}

  @Post('pack')
  @Endpoint({
    allow: PACK_REQUEST,
    summary: "Ask for the meeting's pack to be built (again)",
    description:
      'The worker builds it within seconds (PACK_SCAN_INTERVAL_SECONDS); it also builds it when the meeting opens. A pack built before stays readable until the new one replaces it.',
    accepted: PackStatusDto,
    notFound: NOT_FOUND,
  })
  request(@PartnershipId() partnershipId: string, @IdParam('meetingId') meetingId: string): Promise<PackStatusDto> {
    return this.packs.request(partnershipId, meetingId);
  }

  @Get('pack')
  @Endpoint({
    allow: FIGURES_READ,
    summary: "Whether the meeting's pack is built, and when",
    ok: PackStatusDto,
    notFound: 'No such meeting in this partnership, or no pack asked for or built yet.',
  })
  async status(@PartnershipId() partnershipId: string, @IdParam('meetingId') meetingId: string): Promise<PackStatusDto> {
    const status = await this.packs.status(partnershipId, meetingId);
    if (!status) throw notFound('meeting pack');
    return status;
  }

  @Get('pack.pdf')
  @Endpoint({
    allow: FIGURES_READ,
    summary: "The meeting's pack as an A4 PDF (contents, page numbers, the agenda's sections, charts)",
    description: 'Audited as a download.',
    ok: documentAnswer('The pack.', 'pdf'),
    notFound: NOT_FOUND,
    refuses: [AccountabilityErrors.packNotBuilt],
  })
  @ApiProduces('application/pdf')
  async pdf(
    @PartnershipId() partnershipId: string,
    @IdParam('meetingId') meetingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    return sendDocument(reply, await this.packs.download(partnershipId, meetingId, 'pdf'), 'pdf', `meeting-pack-${meetingId}`);
  }

  @Get('pack.html')
  @Endpoint({
    allow: FIGURES_READ,
    summary: "The meeting's pack as print-ready HTML",
    description: 'Audited as a download.',
    ok: documentAnswer('The pack.', 'html'),
    notFound: NOT_FOUND,
    refuses: [AccountabilityErrors.packNotBuilt],
  })
  @ApiProduces('text/html')
  async html(
    @PartnershipId() partnershipId: string,
    @IdParam('meetingId') meetingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    return sendDocument(reply, await this.packs.download(partnershipId, meetingId, 'html'), 'html', `meeting-pack-${meetingId}`);
  }

  @Get('minutes.pdf')
  @Endpoint({
    allow: FIGURES_READ,
    summary: 'The minutes of a closed meeting as an A4 PDF',
    description: 'Attendance, decisions, actions and every addendum added since, rendered now. Audited as a download.',
    ok: documentAnswer('The minutes.', 'pdf'),
    notFound: NOT_FOUND,
    refuses: [TaskingErrors.meetingNotClosed],
  })
  @ApiProduces('application/pdf')
  async minutes(
    @PartnershipId() partnershipId: string,
    @IdParam('meetingId') meetingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    return sendDocument(reply, await this.packs.minutes(partnershipId, meetingId, 'pdf'), 'pdf', `minutes-${meetingId}`);
  }
}
