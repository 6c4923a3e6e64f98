import { ApiProperty, PartialType } from '@nestjs/swagger';
import { ASSESSMENT_LIMITS, type AssessmentPriority } from '@app/domain/assessments';
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { RISK, Score, TEXT, TextList, TextListDoc } from './assessment-dto.common';
import { OptionalString, TrimmedText } from '../common/validators';
import { fieldsOf } from '../common/fields-of';

export class CreatePriorityDto {
  @TrimmedText(3, ASSESSMENT_LIMITS.title, 'Violence in the night-time economy') title: string;

  /** A short category, e.g. violence, asb, acquisitive, exploitation. */
  @TrimmedText(1, 100, 'violence') category: string;

  /** Why it is a priority. */
  @OptionalString(TEXT) rationale?: string | null;

  /** The evidence for it. */
  @OptionalString(TEXT) evidence?: string | null;

  @TextList('The data sources behind the evidence.', ['Police recorded violence with injury, city centre beats'])
  dataSources?: string[];

  @Score('impact', false) impact: number;
  @Score('likelihood', false) likelihood: number;
}

/** Only the fields sent change, each checked as at creation (null is refused for the fields creation requires). */
export class UpdatePriorityDto extends PartialType(CreatePriorityDto, { skipNullProperties: false }) {
  @TextListDoc('Replaces the data sources.', ['Police recorded violence with injury'])
  override dataSources?: string[];
}

export class AssessmentPriorityDto extends VersionedRecordDto {
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  title: string;
  category: string;
  rationale: string | null;
  evidence: string | null;
  dataSources: string[];
  @ApiProperty(RISK) impact: number;
  @ApiProperty(RISK) likelihood: number;
  /** impact x likelihood (computed). */
  @ApiProperty({ minimum: 1, maximum: 16 }) riskScore: number;
  /** Computed: 1 is the top priority. Ordered by riskScore (highest first), then impact (highest first), then the order priorities were added; a rank fixed by hand in a review is kept (rankPinned). */
  @ApiProperty({ minimum: 1 })
  rank: number;
  /** Whether a review fixed this rank by hand. */
  rankPinned: boolean;

  static from(p: AssessmentPriority): AssessmentPriorityDto {
    return {
      ...fieldsOf(p, 'id', 'strategicAssessmentId', 'title', 'category', 'rationale', 'evidence', 'dataSources', 'impact', 'likelihood', 'riskScore'),
      rank: p.rank!,
      rankPinned: p.pinnedRank !== null,
      ...versionStamps(p),
    };
  }
}

class ScoreDto {
  @ApiProperty(RISK) impact: number;
  @ApiProperty(RISK) likelihood: number;
  @ApiProperty({ minimum: 1, maximum: 16 }) riskScore: number;
}

export class AddedPriorityDto extends ScoreDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  title: string;
  @ApiProperty({ minimum: 1 }) rank: number;
}

export class RemovedPriorityDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  title: string;
  /** Its rank when removed. */
  @ApiProperty({ minimum: 1 }) rank: number;
  reason: string | null;
}

export class RescoredPriorityDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  title: string;
  before: ScoreDto;
  after: ScoreDto;
}

export class RerankedPriorityDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  title: string;
  @ApiProperty({ minimum: 1 }) from: number;
  @ApiProperty({ minimum: 1 }) to: number;
  /** This review fixed the rank by hand. */
  pinned: boolean;
}
