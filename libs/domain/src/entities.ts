import { CouncilPopulation } from './accountability/council-population.entity';
import { FigureQuarter } from './accountability/figure-quarter.entity';
import { MeetingPack } from './accountability/meeting-pack.entity';
import { AssessmentPriority } from './assessments/assessment-priority.entity';
import { AssessmentReview } from './assessments/assessment-review.entity';
import { StrategicAssessment } from './assessments/strategic-assessment.entity';
import { AuditCheckpoint } from './audit/audit-checkpoint.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { Engagement, EngagementIssue } from './community/engagement.entity';
import { IntelligenceItem, IntelligenceSource, IntelligenceSourceCounter } from './community/intelligence.entity';
import { ApiKey } from './identity/api-key.entity';
import { IdempotencyRecord } from './idempotency/idempotency-record.entity';
import { Membership } from './identity/membership.entity';
import { RefreshToken } from './identity/refresh-token.entity';
import { Flag } from './flags/flag.entity';
import { OutboxEvent } from './notifications/outbox-event.entity';
import { WebhookDelivery } from './notifications/webhook-delivery.entity';
import { WebhookSubscription } from './notifications/webhook-subscription.entity';
import { User } from './identity/user.entity';
import { WorkerHeartbeat } from './operations/worker-heartbeat.entity';
import { Agency } from './partnerships/agency.entity';
import { LocalAuthority } from './partnerships/local-authority.entity';
import { Partnership } from './partnerships/partnership.entity';
import { ProblemAnalysis } from './problems/problem-analysis.entity';
import { ProblemCategory } from './problems/problem-category.entity';
import { ProblemEvaluation } from './problems/problem-evaluation.entity';
import { ProblemLocation } from './problems/problem-location.entity';
import { ProblemReferenceCounter } from './problems/problem-reference-counter.entity';
import { ProblemResponse } from './problems/problem-response.entity';
import { ProblemStageChange } from './problems/problem-stage-change.entity';
import { Problem } from './problems/problem.entity';
import { ControlStrategyPriority } from './strategy/control-strategy-priority.entity';
import { ControlStrategy } from './strategy/control-strategy.entity';
import { Action, ActionReferenceCounter, ActionStatusChange } from './tasking/action.entity';
import { Meeting, MeetingAddendum, MeetingAttendance, MeetingDecision } from './tasking/meeting.entity';
import { TaskingGroup, TaskingGroupAgency } from './tasking/tasking-group.entity';
import { INTAKE_ENTITIES } from './intake/intake.entities';

/** Every entity, listed explicitly (no globs): the apps, the CLI and migrations use this list. */
export const ENTITIES = [
  Partnership,
  Agency,
  LocalAuthority,
  WorkerHeartbeat,
  User,
  Membership,
  ApiKey,
  RefreshToken,
  AuditEvent,
  AuditCheckpoint,
  OutboxEvent,
  StrategicAssessment,
  AssessmentPriority,
  AssessmentReview,
  ControlStrategy,
  ControlStrategyPriority,
  Flag,
  WebhookSubscription,
  WebhookDelivery,
  ProblemCategory,
  ProblemReferenceCounter,
  Problem,
  ProblemLocation,
  ProblemAnalysis,
  ProblemResponse,
  ProblemEvaluation,
  ProblemStageChange,
  IdempotencyRecord,
  TaskingGroup,
  TaskingGroupAgency,
  Meeting,
  MeetingAttendance,
  MeetingDecision,
  MeetingAddendum,
  ActionReferenceCounter,
  Action,
  ActionStatusChange,
  Engagement,
  EngagementIssue,
  IntelligenceSourceCounter,
  IntelligenceSource,
  IntelligenceItem,
  ...INTAKE_ENTITIES,
  FigureQuarter,
  CouncilPopulation,
  MeetingPack,
];
