import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EngagementIssue } from '../community/engagement.entity';
import { Partnership } from '../partnerships/partnership.entity';
import { PartnershipOwned } from '../shared/columns';
import {
  DEFAULT_INTAKE_SETTINGS,
  IMPORT_FORMATS,
  IMPORT_STATES,
  INCIDENT_CATEGORIES,
  NOMINATION_KINDS,
  NOMINATION_STATES,
  REFERRER_KINDS,
  SUBJECT_ROLES,
  type ImportFormat,
  type ImportState,
  type NominationKind,
  type NominationState,
  type ReferrerKind,
  type SubjectRole,
} from './intake.constants';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * An incident a police or council system holds: a crime, an ASB report, a
 * deliberate fire, a fly-tipping report. Identified per partnership by
 * `(source_system, external_id)`. `occurred_on` is the London date of
 * `occurred_at`, or the first day of the month for sources that publish
 * months only (`month_only`); the scanners count by it. `location_key`
 * (LSOA + normalised label) is what a repeat location is counted on; null
 * when the incident has no label (it then counts towards no location).
 * Subjects are in incident_subjects, as keyed hashes only.
 */
@Entity('incidents')
@Index('uq_incidents_source', ['partnershipId', 'sourceSystem', 'externalId'], { unique: true })
@Index('ix_incidents_partnership_created', ['partnershipId', 'createdAt', 'id'])
@Index('ix_incidents_partnership_category', ['partnershipId', 'category', 'createdAt', 'id'])
@Index('ix_incidents_partnership_source', ['partnershipId', 'sourceSystem', 'createdAt', 'id'])
@Index('ix_incidents_partnership_lsoa', ['partnershipId', 'lsoaCode', 'occurredOn'])
@Index('ix_incidents_partnership_ward', ['partnershipId', 'wardCode', 'occurredOn'], { where: '"ward_code" IS NOT NULL' })
@Index('ix_incidents_partnership_occurred', ['partnershipId', 'occurredOn', 'id'])
@Check('ck_incidents_category', `"category" IN (${list(INCIDENT_CATEGORIES)})`)
@Check('ck_incidents_month', `"occurred_month" = date_trunc('month', "occurred_month")::date`)
@Check('ck_incidents_month_only', `("month_only" AND "occurred_at" IS NULL) OR (NOT "month_only" AND "occurred_at" IS NOT NULL)`)
@Check('ck_incidents_coordinates', `("lat" IS NULL) = ("lng" IS NULL)`)
export class Incident extends PartnershipOwned {
  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('text')
  sourceSystem: string;

  @Column('text')
  externalId: string;

  @Column('text')
  category: string;

  @Column('boolean', { default: false })
  hateIncident: boolean;

  @Column('timestamptz', { nullable: true })
  occurredAt: Date | null;

  @Column('boolean')
  monthOnly: boolean;

  @Column('date')
  occurredMonth: string;

  @Column('date')
  occurredOn: string;

  @Column('text', { nullable: true })
  lsoaCode: string | null;

  @Column('text', { nullable: true })
  wardCode: string | null;

  @Column('text', { nullable: true })
  locationLabel: string | null;

  @Column('text', { nullable: true })
  locationKey: string | null;

  @Column('double precision', { nullable: true })
  lat: number | null;

  @Column('double precision', { nullable: true })
  lng: number | null;

  @Column('text', { nullable: true })
  uprn: string | null;

  @Column('text', { nullable: true })
  outcome: string | null;

  /** SHA-256 of the canonical content (subject hashes included): an identical re-push is a replay. */
  @Column('text')
  contentHash: string;

  @Column('uuid', { nullable: true })
  importId: string | null;

  @Column('int', { default: 1 })
  version: number;
}

/** A subject of an incident, as an HMAC of the source's pseudonymous key under the partnership's key: never the key, never a name. */
@Entity('incident_subjects')
@Index('ix_incident_subjects_scan', ['role', 'partnershipId', 'occurredOn', 'subjectHash'])
@Check('ck_incident_subjects_role', `"role" IN (${list(SUBJECT_ROLES)})`)
export class IncidentSubject {
  @PrimaryColumn('uuid')
  incidentId: string;

  @PrimaryColumn('text')
  role: SubjectRole;

  @PrimaryColumn('text')
  subjectHash: string;

  @Column('uuid')
  partnershipId: string;

  /** The incident's occurred_on, copied so the repeat scanners read one index over the window. */
  @Column('date')
  occurredOn: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: Incident;
}

/** An earlier state of an incident, kept when a changed push replaced it (append-only). */
@Entity('incident_revisions')
@Index('uq_incident_revisions_version', ['incidentId', 'version'], { unique: true })
export class IncidentRevision extends PartnershipOwned {
  @Column('uuid')
  incidentId: string;

  /** The version this row was (the incident moved to version + 1). */
  @Column('int')
  version: number;

  /** The incident's fields as they were (subjects as their count only). */
  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('timestamptz')
  supersededAt: Date;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: Incident;
}

/**
 * A candidate problem for the tactical group: a repeat or an exception the
 * scanners found, or a referral. One per cause and window, ever
 * (`uq_nominations_cause`): scanning twice, on two workers at once, never
 * makes a second one.
 */
@Entity('nominations')
@Index('uq_nominations_cause', ['partnershipId', 'kind', 'causeKey', 'windowStart'], { unique: true })
@Index('ix_nominations_partnership_created', ['partnershipId', 'createdAt', 'id'])
@Index('ix_nominations_partnership_kind_state', ['partnershipId', 'kind', 'state', 'createdAt', 'id'])
@Index('ix_nominations_partnership_state', ['partnershipId', 'state', 'createdAt', 'id'])
@Index('ix_nominations_cause_latest', ['partnershipId', 'kind', 'causeKey', 'windowEnd'])
@Check('ck_nominations_kind', `"kind" IN (${list(NOMINATION_KINDS)})`)
@Check('ck_nominations_state', `"state" IN (${list(NOMINATION_STATES)})`)
@Check('ck_nominations_decided', `("state" = 'open') = ("decided_at" IS NULL)`)
@Check('ck_nominations_window', `"window_start" <= "window_end"`)
@Check('ck_nominations_engagement_issue', `("kind" = 'engagement_issue') = ("engagement_issue_id" IS NOT NULL)`)
export class Nomination extends PartnershipOwned {
  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('text')
  kind: NominationKind;

  @Column('text', { default: 'open' })
  state: NominationState;

  /** What the nomination is about (a location key, a subject hash, an LSOA and category, a referral id): never returned. */
  @Column('text')
  causeKey: string;

  @Column('date')
  windowStart: string;

  @Column('date')
  windowEnd: string;

  @Column('text')
  title: string;

  /** The incident category, when the cause has one. */
  @Column('text', { nullable: true })
  category: string | null;

  /** `{ lsoaCode, wardCode, label, lat, lng }` when the cause has a place. */
  @Column('jsonb', { nullable: true })
  location: Record<string, unknown> | null;

  @Column('int', { default: 0 })
  evidenceCount: number;

  /** Counts and figures of the detection (by category, the score of an exception): ids and numbers only. */
  @Column('jsonb', { default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  referralId: string | null;

  /** The issue raised at a community engagement that this nomination is (kind `engagement_issue`). */
  @Index('uq_nominations_engagement_issue', { unique: true, where: '"engagement_issue_id" IS NOT NULL' })
  @Column('uuid', { nullable: true })
  engagementIssueId: string | null;

  @ManyToOne(() => EngagementIssue, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engagement_issue_id' })
  engagementIssue?: EngagementIssue;

  /** Words for the problem an accepted nomination opens, when its maker gave them (else its origin's). */
  @Column('text', { nullable: true })
  description: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  decidedByType: string | null;

  @Column('uuid', { nullable: true })
  decidedById: string | null;

  @Column('uuid', { nullable: true })
  decisionMeetingId: string | null;

  @Column('uuid', { nullable: true })
  meetingDecisionId: string | null;

  @Column('text', { nullable: true })
  decisionReason: string | null;

  @Column('uuid', { nullable: true })
  problemId: string | null;

  @Column('int', { default: 1 })
  version: number;
}

/** The incidents a nomination rests on (its evidence). */
@Entity('nomination_incidents')
@Index('ix_nomination_incidents_incident', ['incidentId'])
export class NominationIncident {
  @PrimaryColumn('uuid')
  nominationId: string;

  @PrimaryColumn('uuid')
  incidentId: string;

  @Column('uuid')
  partnershipId: string;

  @ManyToOne(() => Nomination, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'nomination_id' })
  nomination?: Nomination;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: Incident;
}

/** A referral from an agency, an elected member, the third sector or a member of the public; each becomes a nomination. */
@Entity('referrals')
@Index('ix_referrals_partnership_created', ['partnershipId', 'createdAt', 'id'])
@Check('ck_referrals_referrer_kind', `"referrer_kind" IN (${list(REFERRER_KINDS)})`)
@Check('ck_referrals_category', `"category" IN (${list(INCIDENT_CATEGORIES)})`)
export class Referral extends PartnershipOwned {
  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('text')
  referrerKind: ReferrerKind;

  @Column('text', { nullable: true })
  referringAgency: string | null;

  @Column('text')
  description: string;

  @Column('text')
  category: string;

  @Column('jsonb', { nullable: true })
  location: Record<string, unknown> | null;

  @Column('text')
  receivedByType: string;

  @Column('uuid')
  receivedById: string;
}

/** A CSV file of incidents being (or having been) imported by the worker. */
@Entity('incident_imports')
@Index('ix_incident_imports_partnership_created', ['partnershipId', 'createdAt', 'id'])
@Index('ix_incident_imports_queued', ['createdAt'], { where: `"state" IN ('queued', 'running')` })
@Check('ck_incident_imports_format', `"format" IN (${list(IMPORT_FORMATS)})`)
@Check('ck_incident_imports_state', `"state" IN (${list(IMPORT_STATES)})`)
export class IncidentImport extends PartnershipOwned {
  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('text')
  format: ImportFormat;

  @Column('text', { default: 'queued' })
  state: ImportState;

  /** SHA-256 of the file: with the row number, the identity of a row without an id. */
  @Column('text')
  contentHash: string;

  @Column('bigint')
  sizeBytes: string;

  /** Part of a platform-level file routed to each partnership: rows that name no council of this partnership are outside its area. */
  @Column('boolean', { default: false })
  routed: boolean;

  @Column('int', { default: 0 })
  rowsRead: number;

  @Column('int', { default: 0 })
  added: number;

  @Column('int', { default: 0 })
  alreadyHeld: number;

  @Column('int', { default: 0 })
  outsideArea: number;

  @Column('int', { default: 0 })
  rejected: number;

  /** `[{ line, column?, reason }]`, the first INTAKE_LIMITS.rejectionsKept. */
  @Column('jsonb', { default: () => `'[]'` })
  rejections: { line: number; column?: string; reason: string }[];

  @Column('text', { nullable: true })
  failure: string | null;

  @Column('text')
  requestedByType: string;

  @Column('uuid')
  requestedById: string;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}

/** The partnership's repeat rules (a row only once changed: the scanners use DEFAULT_INTAKE_SETTINGS otherwise). */
@Entity('intake_settings')
export class IntakeSettingsRow {
  @PrimaryColumn('uuid')
  partnershipId: string;

  @Column('int', { default: DEFAULT_INTAKE_SETTINGS.repeatLocationThreshold })
  repeatLocationThreshold: number;

  @Column('int', { default: DEFAULT_INTAKE_SETTINGS.repeatLocationMonths })
  repeatLocationMonths: number;

  @Column('int', { default: DEFAULT_INTAKE_SETTINGS.repeatLocationMetres })
  repeatLocationMetres: number;

  @Column('int', { default: DEFAULT_INTAKE_SETTINGS.repeatVictimThreshold })
  repeatVictimThreshold: number;

  @Column('int', { default: DEFAULT_INTAKE_SETTINGS.repeatOffenderThreshold })
  repeatOffenderThreshold: number;

  @Column('int', { default: DEFAULT_INTAKE_SETTINGS.repeatSubjectMonths })
  repeatSubjectMonths: number;

  @Column('double precision', { default: DEFAULT_INTAKE_SETTINGS.exceptionScore })
  exceptionScore: number;

  @Column('int', { default: DEFAULT_INTAKE_SETTINGS.exceptionBaselineMonths })
  exceptionBaselineMonths: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;
}

export const INTAKE_ENTITIES = [Incident, IncidentSubject, IncidentRevision, Nomination, NominationIncident, Referral, IncidentImport, IntakeSettingsRow];
