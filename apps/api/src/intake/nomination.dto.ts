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
import { OptionalString, OptionalUuid } from '../common/validators';
import { PageDto } from '../common/page';
import { versionStamps } from '../common/versioned-record.dto';
import { fieldsOf } from '../common/fields-of';

/** The most nominations one list asks for by id (a page's worth). */
const NOMINATION_ID_FILTER_MAX = 100;

export class NominationLocationDto {
  lsoaCode?: string | null;
  wardCode?: string | null;
  label?: string | null;
  lat?: number | null;
  lng?: number | null;
}

export class NominationEvidenceDto {
  /** Incidents it rests on (GET {pid}/incidents?nominationId= lists them). */
  incidentCount: number;
  /** The same incidents by category. */
  @ApiProperty({ type: Object, example: { 'anti-social-behaviour': 3 } }) byCategory: Record<string, number>;
}

export class NominationDecisionViewDto {
  decidedAt: string;
  /** Who decided: { type, id }. */
  @ApiProperty({ type: Object }) decidedBy: { type: string | null; id: string | null };
  @ApiProperty({ format: 'uuid' }) meetingId: string | null;
  /** The decision in the meeting's minutes. */
  @ApiProperty({ format: 'uuid' }) meetingDecisionId: string | null;
  reason: string | null;
}

export class NominationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOMINATION_KINDS }) kind: NominationKind;
  @ApiProperty({ enum: NOMINATION_STATES }) state: NominationState;
  title: string;
  /** The incident category (the most frequent among the evidence); for an engagement issue, its problem category. */
  category: string | null;
  location: NominationLocationDto | null;
  /** The first evidence incident's date (the month of an exception). */
  @ApiProperty({ format: 'date' }) windowStart: string;
  @ApiProperty({ format: 'date' }) windowEnd: string;
  evidence: NominationEvidenceDto;
  /** Figures of the detection: threshold and window, or an exception's current count, baseline mean and score. */
  detection: Record<string, unknown>;
  @ApiProperty({ format: 'uuid' }) referralId: string | null;
  /** The issue raised at a community engagement it is (kind engagement_issue). */
  @ApiProperty({ format: 'uuid' })
  engagementIssueId: string | null;
  /** The problem it was accepted as, or merged into. */
  @ApiProperty({ format: 'uuid' }) problemId: string | null;
  decision: NominationDecisionViewDto | null;
  version: number;
  createdAt: string;
  updatedAt: string;

  static from(n: NominationView): NominationDto {
    return {
      ...fieldsOf(n, 'id', 'kind', 'state', 'title', 'category', 'location', 'windowStart', 'windowEnd', 'evidence'),
      detection: n.data,
      ...fieldsOf(n, 'referralId', 'engagementIssueId', 'problemId'),
      decision: n.decidedAt
        ? {
            decidedAt: new Date(n.decidedAt).toISOString(),
            decidedBy: { type: n.decidedByType, id: n.decidedById },
            meetingId: n.decisionMeetingId,
            meetingDecisionId: n.meetingDecisionId,
            reason: n.decisionReason,
          }
        : null,
      ...versionStamps(n),
    };
  }
}

export class NominationPageDto extends PageDto(NominationDto) {}

export class NominationQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(NOMINATION_KINDS)
  kind?: NominationKind;

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
  /** accept: a problem at scanning is opened; decline: with a reason; merge: into an open problem. */
  @IsIn(NOMINATION_DECISIONS)
  decision: NominationDecision;

  /** Required to decline. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(INTAKE_LIMITS.reason)
  reason?: string | null;

  /** The problem a merge joins. */
  @OptionalUuid() problemId?: string | null;

  /** The problem category to accept under (default: the catalogue's for the nomination's incident category). */
  @OptionalString(60, 'anti-social-behaviour') category?: string | null;
}

export class NominationDecisionResultDto {
  nomination: NominationDto;
  /** The decision recorded in the meeting's minutes. */
  @ApiProperty({ format: 'uuid' }) meetingDecisionId: string;
  @ApiProperty({ format: 'uuid' }) problemId: string | null;

  static from(r: NominationDecisionResult): NominationDecisionResultDto {
    return { nomination: NominationDto.from(r.nomination), meetingDecisionId: r.meetingDecisionId, problemId: r.problemId };
  }
}
