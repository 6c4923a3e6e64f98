import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import {
  INTAKE_LIMITS,
  NOMINATION_DECISIONS,
  NOMINATION_KINDS,
  NOMINATION_STATES,
  type NominationDecision,
  type NominationDecisionResult,
  type NominationKind,
  type NominationState,
  type NominationView,
} from '@app/domain/intake';

/** The most nominations one list asks for by id (a page's worth). */
const NOMINATION_ID_FILTER_MAX = 100;

export class NominationLocationDto {
  @ApiPropertyOptional({ type: String, nullable: true }) lsoaCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) wardCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) label?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) lat?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) lng?: number | null;
}

export class NominationEvidenceDto {
  @ApiProperty({ description: 'Incidents it rests on (GET {pid}/incidents?nominationId= lists them).' }) incidentCount: number;
  @ApiProperty({ type: Object, example: { 'anti-social-behaviour': 3 }, description: 'The same incidents by category.' }) byCategory: Record<string, number>;
}

export class NominationDecisionViewDto {
  @ApiProperty() decidedAt: string;
  @ApiProperty({ type: Object, description: 'Who decided: { type, id }.' }) decidedBy: { type: string | null; id: string | null };
  @ApiProperty({ format: 'uuid' }) meetingId: string | null;
  @ApiProperty({ format: 'uuid', description: 'The decision in the meeting\'s minutes.' }) meetingDecisionId: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export class NominationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOMINATION_KINDS }) kind: NominationKind;
  @ApiProperty({ enum: NOMINATION_STATES }) state: NominationState;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, description: 'The incident category (the most frequent among the evidence); for an engagement issue, its problem category.' })
  category: string | null;
  @ApiProperty({ type: NominationLocationDto, nullable: true }) location: NominationLocationDto | null;
  @ApiProperty({ format: 'date', description: 'The first evidence incident\'s date (the month of an exception).' }) windowStart: string;
  @ApiProperty({ format: 'date' }) windowEnd: string;
  @ApiProperty({ type: NominationEvidenceDto }) evidence: NominationEvidenceDto;
  @ApiProperty({ type: Object, description: 'Figures of the detection: threshold and window, or an exception\'s current count, baseline mean and score.' }) detection: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) referralId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The issue raised at a community engagement it is (kind engagement_issue).' })
  engagementIssueId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The problem it was accepted as, or merged into.' }) problemId: string | null;
  @ApiProperty({ type: NominationDecisionViewDto, nullable: true }) decision: NominationDecisionViewDto | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(n: NominationView): NominationDto {
    return {
      id: n.id,
      kind: n.kind,
      state: n.state,
      title: n.title,
      category: n.category,
      location: n.location,
      windowStart: n.windowStart,
      windowEnd: n.windowEnd,
      evidence: n.evidence,
      detection: n.data,
      referralId: n.referralId,
      engagementIssueId: n.engagementIssueId,
      problemId: n.problemId,
      decision: n.decidedAt
        ? {
            decidedAt: new Date(n.decidedAt).toISOString(),
            decidedBy: { type: n.decidedByType, id: n.decidedById },
            meetingId: n.decisionMeetingId,
            meetingDecisionId: n.meetingDecisionId,
            reason: n.decisionReason,
          }
        : null,
      version: n.version,
      createdAt: new Date(n.createdAt).toISOString(),
      updatedAt: new Date(n.updatedAt).toISOString(),
    };
  }
}

export class NominationPageDto {
  @ApiProperty({ type: [NominationDto] }) items: NominationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class NominationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOMINATION_KINDS })
  @IsOptional()
  @IsIn(NOMINATION_KINDS)
  kind?: NominationKind;

  @ApiPropertyOptional({ enum: NOMINATION_STATES })
  @IsOptional()
  @IsIn(NOMINATION_STATES)
  state?: NominationState;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: NOMINATION_ID_FILTER_MAX,
    description: `Only these nominations (repeat the parameter: ?id=...&id=..., at most ${NOMINATION_ID_FILTER_MAX}): e.g. those of a meeting's frozen agenda, with their state now. Ids of no nomination of the partnership are left out.`,
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMaxSize(NOMINATION_ID_FILTER_MAX)
  @IsUUID('all', { each: true })
  id?: string[];
}

export class NominationDecisionDto {
  @ApiProperty({ enum: NOMINATION_DECISIONS, description: 'accept: a problem at scanning is opened; decline: with a reason; merge: into an open problem.' })
  @IsIn(NOMINATION_DECISIONS)
  decision: NominationDecision;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: INTAKE_LIMITS.reason, description: 'Required to decline.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(INTAKE_LIMITS.reason)
  reason?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The problem a merge joins.' })
  @IsOptional()
  @IsUUID()
  problemId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'anti-social-behaviour', description: 'The problem category to accept under (default: the catalogue\'s for the nomination\'s incident category).' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  category?: string | null;
}

export class NominationDecisionResultDto {
  @ApiProperty({ type: NominationDto }) nomination: NominationDto;
  @ApiProperty({ format: 'uuid', description: 'The decision recorded in the meeting\'s minutes.' }) meetingDecisionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) problemId: string | null;

  static from(r: NominationDecisionResult): NominationDecisionResultDto {
    return { nomination: NominationDto.from(r.nomination), meetingDecisionId: r.meetingDecisionId, problemId: r.problemId };
  }
}
