import { ApiProperty } from '@nestjs/swagger';
import { REVIEW_STATES, ASSESSMENT_STATUSES, type AssessmentStatus, type ReviewState } from '@app/domain/assessments';
import { FLAG_KINDS, type FlagKind } from '@app/domain/flags';
import { PROBLEM_STAGES, type ProblemStage } from '@app/domain/problems';
import {
  ACTION_STATUSES,
  AGENDA_DEFAULT_SECTION_SIZE,
  AGENDA_SECTION_LIMIT,
  AGENDA_SECTIONS,
  GROUP_LEVELS,
  type ActionStatus,
  type Agenda,
  type AgendaAction,
  type AgendaFlag,
  type AgendaPriority,
  type AgendaProblem,
  type AgendaSection,
  type AgendaStrategicReview,
  type GroupLevel,
} from '@app/domain/tasking';

export class AgendaActionDto implements AgendaAction {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-A-0007' }) reference: string;
  title: string;
  @ApiProperty({ format: 'uuid' }) ownerAgencyId: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  daysOverdue: number;
  @ApiProperty({ format: 'uuid' }) meetingId: string | null;
  @ApiProperty({ format: 'uuid' }) problemId: string | null;
  @ApiProperty({ format: 'uuid' }) controlStrategyPriorityId: string | null;
}

export class AgendaProblemDto implements AgendaProblem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-P-0042' }) reference: string;
  title: string;
  @ApiProperty({ enum: PROBLEM_STAGES }) stage: ProblemStage;
  @ApiProperty({ format: 'date' }) plannedAssessmentDate: string | null;
  @ApiProperty({ format: 'uuid' }) controlStrategyPriorityId: string | null;
  /** When it reached its stage (a new nomination: when it was logged). */
  stageChangedAt: string;
}

/** An open nomination of the intake context on the agenda (GET {pid}/nominations/{id} has its evidence). */
export class AgendaNominationDto {
  @ApiProperty({ enum: ['nomination'] }) type: 'nomination';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'repeat_location' }) kind: string;
  title: string;
  category: string | null;
  /** Incidents it rests on. */
  evidenceCount: number;
  @ApiProperty({ format: 'date' }) windowStart: string;
  @ApiProperty({ format: 'date' }) windowEnd: string;
  raisedAt: string;
}

export class AgendaPriorityDto implements AgendaPriority {
  /** The stable control strategy priority id. */
  @ApiProperty({ format: 'uuid' }) id: string;
  title: string;
  @ApiProperty({ format: 'uuid' }) leadAgencyId: string;
  /** Problems not closed that serve it. */
  openProblems: number;
  /** Actions open or in progress that serve it. */
  openActions: number;
  /** No open problem and no open action serves it. */
  noActivity: boolean;
  /** The strategy rests on an assessment overdue for review, or superseded. */
  staleAssessment: boolean;
}

export class AgendaFlagDto implements AgendaFlag {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FLAG_KINDS }) kind: FlagKind;
  subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  raisedAt: string;
  acknowledged: boolean;
}

export class AgendaAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  title: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: AssessmentStatus;
  @ApiProperty({ format: 'date' }) nextReviewDue: string | null;
  @ApiProperty({ enum: REVIEW_STATES }) reviewState: ReviewState | null;
}

export class AgendaStrategyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  versionNumber: number;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  staleAssessment: boolean;
}

export class AgendaRequirementGapDto {
  /** The position of the requirement item in the assessment (0-based). */
  index: number;
  requirement: string;
}

export class AgendaStrategicReviewDto implements AgendaStrategicReview {
  /** The approved strategic assessment and where its review cycle stands. */
  assessment: AgendaAssessmentDto | null;
  /** The current control strategy. */
  controlStrategy: AgendaStrategyDto | null;
  /** Set when the current strategy rests on an overdue or superseded assessment. */
  staleStrategyWarning: string | null;
  /** The approved assessment's intelligence requirement items with nothing received in its review period (GET .../strategic-assessments/{id}/intelligence-requirement). Absent from agendas frozen before it was added. */
  intelligenceRequirementGaps: AgendaRequirementGapDto[];
}

export class AgendaDto implements Agenda {
  /** When it was generated. */
  generatedAt: string;
  /** The Europe/London date it was judged on. */
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ enum: GROUP_LEVELS }) level: GroupLevel;
  /** Actions due and problems for review fall before this date (exclusive). */
  @ApiProperty({ format: 'date' }) horizon: string;
  /** next_meeting: the group's next scheduled meeting; cadence: this meeting's date plus the group's cadence. */
  @ApiProperty({ enum: ['next_meeting', 'cadence'] })
  horizonFrom: 'next_meeting' | 'cadence';
  @ApiProperty({ format: 'uuid' }) nextMeetingId: string | null;
  /** The group's last meeting opened before this one. */
  @ApiProperty({ format: 'uuid' }) previousMeetingId: string | null;
  /** New nominations are problems logged since this instant (the previous meeting's opening); null: every problem at scanning. */
  nominationsSince: string | null;
  /** Open or in progress, due before asOf; oldest due date first. */
  overdueActions: AgendaActionDto[];
  /** Open or in progress, due from asOf up to (not including) the horizon. */
  actionsDue: AgendaActionDto[];
  /** Not closed, planned assessment date before the horizon (passed ones included). */
  problemsForReview: AgendaProblemDto[];
  /** Problems at scanning logged since the group's previous meeting, then the open nominations (type: nomination) with their evidence counts. */
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: '#/components/schemas/AgendaProblemDto' }, { $ref: '#/components/schemas/AgendaNominationDto' }] },
  })
  newNominations: (AgendaProblemDto | AgendaNominationDto)[];
  /** The current control strategy's priorities, in its order. */
  priorities: AgendaPriorityDto[];
  /** Open flags of the partnership, most recent first. */
  flags: AgendaFlagDto[];
  /** Strategic groups only. */
  strategicReview: AgendaStrategicReviewDto | null;
  @ApiProperty({
    enum: AGENDA_SECTIONS,
    isArray: true,
    description: `Sections with more entries than this answer shows (?agendaLimit=, default ${AGENDA_DEFAULT_SECTION_SIZE}), or cut at ${AGENDA_SECTION_LIMIT} when generated.`,
  })
  truncated: AgendaSection[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `For each truncated section, where the rest is: the open overdue actions and the open flags as their lists, the other sections as this meeting with ?agendaLimit=${AGENDA_SECTION_LIMIT}.`,
  })
  links: Partial<Record<AgendaSection, string>>;
}

/** Where the rest of each truncated section of a meeting's agenda can be read. */
export function agendaLinks(partnershipId: string, meetingId: string, truncated: readonly AgendaSection[]): Partial<Record<AgendaSection, string>> {
  const base = `/api/v1/partnerships/${partnershipId}`;
  const lists: Partial<Record<AgendaSection, string>> = { overdueActions: `${base}/actions?overdue=true`, flags: `${base}/flags?open=true` };
  return Object.fromEntries(truncated.map((s) => [s, lists[s] ?? `${base}/meetings/${meetingId}?agendaLimit=${AGENDA_SECTION_LIMIT}`]));
}
