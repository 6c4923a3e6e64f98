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
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) ownerAgencyId: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty() daysOverdue: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) problemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
}

export class AgendaProblemDto implements AgendaProblem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-P-0042' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: PROBLEM_STAGES }) stage: ProblemStage;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedAssessmentDate: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
  @ApiProperty({ description: 'When it reached its stage (a new nomination: when it was logged).' }) stageChangedAt: string;
}

/** An open nomination of the intake context on the agenda (GET {pid}/nominations/{id} has its evidence). */
export class AgendaNominationDto {
  @ApiProperty({ enum: ['nomination'] }) type: 'nomination';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'repeat_location' }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ description: 'Incidents it rests on.' }) evidenceCount: number;
  @ApiProperty({ format: 'date' }) windowStart: string;
  @ApiProperty({ format: 'date' }) windowEnd: string;
  @ApiProperty() raisedAt: string;
}

export class AgendaPriorityDto implements AgendaPriority {
  @ApiProperty({ format: 'uuid', description: 'The stable control strategy priority id.' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) leadAgencyId: string;
  @ApiProperty({ description: 'Problems not closed that serve it.' }) openProblems: number;
  @ApiProperty({ description: 'Actions open or in progress that serve it.' }) openActions: number;
  @ApiProperty({ description: 'No open problem and no open action serves it.' }) noActivity: boolean;
  @ApiProperty({ description: 'The strategy rests on an assessment overdue for review, or superseded.' }) staleAssessment: boolean;
}

export class AgendaFlagDto implements AgendaFlag {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FLAG_KINDS }) kind: FlagKind;
  @ApiProperty() subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() raisedAt: string;
  @ApiProperty() acknowledged: boolean;
}

export class AgendaAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: AssessmentStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextReviewDue: string | null;
  @ApiProperty({ enum: REVIEW_STATES, nullable: true }) reviewState: ReviewState | null;
}

export class AgendaStrategyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() versionNumber: number;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  @ApiProperty() staleAssessment: boolean;
}

export class AgendaRequirementGapDto {
  @ApiProperty({ description: 'The position of the requirement item in the assessment (0-based).' }) index: number;
  @ApiProperty() requirement: string;
}

export class AgendaStrategicReviewDto implements AgendaStrategicReview {
  @ApiProperty({ type: AgendaAssessmentDto, nullable: true, description: 'The approved strategic assessment and where its review cycle stands.' }) assessment: AgendaAssessmentDto | null;
  @ApiProperty({ type: AgendaStrategyDto, nullable: true, description: 'The current control strategy.' }) controlStrategy: AgendaStrategyDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Set when the current strategy rests on an overdue or superseded assessment.' }) staleStrategyWarning: string | null;
  @ApiProperty({
    type: [AgendaRequirementGapDto],
    description: "The approved assessment's intelligence requirement items with nothing received in its review period (GET .../strategic-assessments/{id}/intelligence-requirement). Absent from agendas frozen before it was added.",
  })
  intelligenceRequirementGaps: AgendaRequirementGapDto[];
}

export class AgendaDto implements Agenda {
  @ApiProperty({ description: 'When it was generated.' }) generatedAt: string;
  @ApiProperty({ format: 'date', description: 'The Europe/London date it was judged on.' }) asOf: string;
  @ApiProperty({ enum: GROUP_LEVELS }) level: GroupLevel;
  @ApiProperty({ format: 'date', description: 'Actions due and problems for review fall before this date (exclusive).' }) horizon: string;
  @ApiProperty({ enum: ['next_meeting', 'cadence'], description: 'next_meeting: the group\'s next scheduled meeting; cadence: this meeting\'s date plus the group\'s cadence.' })
  horizonFrom: 'next_meeting' | 'cadence';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) nextMeetingId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The group\'s last meeting opened before this one.' }) previousMeetingId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'New nominations are problems logged since this instant (the previous meeting\'s opening); null: every problem at scanning.' })
  nominationsSince: string | null;
  @ApiProperty({ type: [AgendaActionDto], description: 'Open or in progress, due before asOf; oldest due date first.' }) overdueActions: AgendaActionDto[];
  @ApiProperty({ type: [AgendaActionDto], description: 'Open or in progress, due from asOf up to (not including) the horizon.' }) actionsDue: AgendaActionDto[];
  @ApiProperty({ type: [AgendaProblemDto], description: 'Not closed, planned assessment date before the horizon (passed ones included).' }) problemsForReview: AgendaProblemDto[];
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: '#/components/schemas/AgendaProblemDto' }, { $ref: '#/components/schemas/AgendaNominationDto' }] },
    description: 'Problems at scanning logged since the group\'s previous meeting, then the open nominations (type: nomination) with their evidence counts.',
  })
  newNominations: (AgendaProblemDto | AgendaNominationDto)[];
  @ApiProperty({ type: [AgendaPriorityDto], description: 'The current control strategy\'s priorities, in its order.' }) priorities: AgendaPriorityDto[];
  @ApiProperty({ type: [AgendaFlagDto], description: 'Open flags of the partnership, most recent first.' }) flags: AgendaFlagDto[];
  @ApiProperty({ type: AgendaStrategicReviewDto, nullable: true, description: 'Strategic groups only.' }) strategicReview: AgendaStrategicReviewDto | null;
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
