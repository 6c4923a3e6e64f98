import { Injectable } from '@nestjs/common';
import { CrossPartnershipHost } from '@app/core';
import { FiguresService, MeetingPacksService } from '@app/domain/accountability';
import { JOBS } from '@app/queue';
import { JobHandler } from './job-handler.decorator';

/**
 * Scheduled: the materialised quarterly figures of every partnership (the
 * oversight view reads only these), and the meeting packs to build. Both
 * are safe to run twice: quarters are upserted, packs replaced.
 */
@Injectable()
export class AccountabilityJobs {
  constructor(
    private readonly crossPartnership: CrossPartnershipHost,
    private readonly figures: FiguresService,
    private readonly packs: MeetingPacksService,
  ) {}

  @JobHandler(JOBS.materialiseFigures.name)
  materialise(): Promise<{ partnerships: number; quarters: number; rows: number }> {
    return this.figures.materialise(this.crossPartnership);
  }

  @JobHandler(JOBS.buildMeetingPacks.name)
  async buildPacks(): Promise<{ built: number }> {
    return { built: await this.packs.buildPending(this.crossPartnership) };
  }
}
