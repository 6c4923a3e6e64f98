import { Controller, Get } from '@nestjs/common';
import { ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ProblemStatsService } from '@app/domain/problems';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { PartnershipId } from '../common/edge';
import { Endpoint } from '../common/endpoint';

export class ProblemStageCountsDto {
  @ApiProperty({ example: 12 }) scanning: number;
  @ApiProperty({ example: 7 }) analysis: number;
  @ApiProperty({ example: 5 }) response: number;
  @ApiProperty({ example: 3 }) assessment: number;
  @ApiProperty({ example: 40 }) closed: number;
}

@ApiTags('problems')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/problem-stage-counts')
export class ProblemStageCountsController {
  constructor(private readonly stats: ProblemStatsService) {}

  @Get()
  @Endpoint({
    allow: { roles: 'any', scopes: ['problems:read'] },
    summary: 'How many problems are at each SARA stage',
    description: 'Every stage is present (0 when none). For home pages and dashboards.',
    ok: ProblemStageCountsDto,
  })
  async counts(@PartnershipId() partnershipId: string): Promise<ProblemStageCountsDto> {
    return this.stats.stageCounts(partnershipId);
  }
}
