import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound, Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { AccountabilityErrors, MeetingPacksService } from '@app/domain/accountability';
import { TaskingErrors } from '@app/domain/tasking';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { PackStatusDto } from './accountability.dto';
import { FIGURES_READ } from './figures.controller';

const MEETING_PARAM = { name: 'meetingId', format: 'uuid', description: 'A meeting.' };
const NOT_FOUND = { description: 'No such meeting in this partnership.' };
/** Asking for a pack: those who prepare and run meetings. */
const PACK_REQUEST = { roles: ['analyst', 'chair'], scopes: ['tasking:write'] } as const;

@ApiTags('accountability')
@ApiParam(PARTNERSHIP_PARAM)
@ApiParam(MEETING_PARAM)
@Controller('partnerships/:partnershipId/meetings/:meetingId')
export class MeetingPacksController {
  constructor(private readonly packs: MeetingPacksService) {}

  @Post('pack')
  @HttpCode(202)
  @Allow(PACK_REQUEST)
  @ApiOperation({
    summary: "Ask for the meeting's pack to be built (again)",
    description:
      'The worker builds it within seconds (PACK_SCAN_INTERVAL_SECONDS); it also builds it when the meeting opens. A pack built before stays readable until the new one replaces it.',
  })
  @ApiAcceptedResponse({ type: PackStatusDto })
  @ApiNotFoundResponse(NOT_FOUND)
  request(@PartnershipId() partnershipId: string, @IdParam('meetingId') meetingId: string): Promise<PackStatusDto> {
    return this.packs.request(partnershipId, meetingId);
  }

  @Get('pack')
  @Allow(FIGURES_READ)
  @ApiOperation({ summary: "Whether the meeting's pack is built, and when" })
  @ApiOkResponse({ type: PackStatusDto })
  @ApiNotFoundResponse({ description: 'No such meeting in this partnership, or no pack asked for or built yet.' })
  async status(@PartnershipId() partnershipId: string, @IdParam('meetingId') meetingId: string): Promise<PackStatusDto> {
    const status = await this.packs.status(partnershipId, meetingId);
    if (!status) throw notFound('meeting pack');
    return status;
  }

  @Get('pack.pdf')
  @Allow(FIGURES_READ)
  @ApiOperation({ summary: "The meeting's pack as an A4 PDF (contents, page numbers, the agenda's sections, charts)", description: 'Audited as a download.' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The pack.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse(NOT_FOUND)
  @Refuses(AccountabilityErrors.packNotBuilt)
  async pdf(
    @PartnershipId() partnershipId: string,
    @IdParam('meetingId') meetingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const doc = await this.packs.download(partnershipId, meetingId, 'pdf');
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="meeting-pack-${meetingId}.pdf"`);
    return doc;
  }

  @Get('pack.html')
  @Allow(FIGURES_READ)
  @ApiOperation({ summary: "The meeting's pack as print-ready HTML", description: 'Audited as a download.' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The pack.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse(NOT_FOUND)
  @Refuses(AccountabilityErrors.packNotBuilt)
  async html(
    @PartnershipId() partnershipId: string,
    @IdParam('meetingId') meetingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const doc = await this.packs.download(partnershipId, meetingId, 'html');
    reply.header('content-type', 'text/html; charset=utf-8');
    return doc;
  }

  @Get('minutes.pdf')
  @Allow(FIGURES_READ)
  @ApiOperation({
    summary: 'The minutes of a closed meeting as an A4 PDF',
    description: 'Attendance, decisions, actions and every addendum added since, rendered now. Audited as a download.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The minutes.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse(NOT_FOUND)
  @Refuses(TaskingErrors.meetingNotClosed)
  async minutes(
    @PartnershipId() partnershipId: string,
    @IdParam('meetingId') meetingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const doc = await this.packs.minutes(partnershipId, meetingId, 'pdf');
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="minutes-${meetingId}.pdf"`);
    return doc;
  }
}
