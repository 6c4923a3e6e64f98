import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EngagementIssue } from '../community/engagement.entity';
import { Partnership, PartnershipRecord } from '../partnerships/partnership.entity';
import { NullableColumn, PartnershipOwned, References } from '../shared/columns';
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
export class Incident extends PartnershipRecord {
  @Column('text')
  sourceSystem: string;

  @Column('text')
  externalId: string;

  @Column('text')
  category: string;

  @Column('boolean', { default: false })
  hateIncident: boolean;

  @NullableColumn('timestamptz')
  occurredAt: Date | null;

  @Column('boolean')
  monthOnly: boolean;

  @Column('date')
  occurredMonth: string;

  @Column('date')
  occurredOn: string;

  @NullableColumn('text')
  lsoaCode: string | null;

  @NullableColumn('text')
  wardCode: string | null;

  @NullableColumn('text')
  locationLabel: string | null;

  @NullableColumn('text')
  locationKey: string | null;

  @NullableColumn('double precision')
  lat: number | null;

  @NullableColumn('double precision')
  lng: number | null;

  @NullableColumn('text')
  uprn: string | null;

  @NullableColumn('text')
  outcome: string | null;

  /** SHA-256 of the canonical content (subject hashes included): an identical re-push is a replay. */
  @Column('text')
  contentHash: string;

  @NullableColumn('uuid')
  importId: string | null;

  @Column('int', { default: 1 })
  version: number;
}

/** A subject of an incident, as an HMAC of the source's pseudonymous key under the partnership's key: never the key, never a name. */
@Entity('incident_subjects')
@Index('ix_incident_subjects_scan', ['role', 'partnershipId', 'occurredOn', 'subjectHash'])
@Check('ck_incident_subjects_role', `"role" IN (${list(SUBJECT_ROLES)})`)
export class IncidentSubject {
  @References(() => Incident, 'CASCADE', { primary: true })
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
}

/** An earlier state of an incident, kept when a changed push replaced it (append-only). */
@Entity('incident_revisions')
@Index('uq_incident_revisions_version', ['incidentId', 'version'], { unique: true })
export class IncidentRevision extends PartnershipOwned {
  @References(() => Incident, 'CASCADE')
  incidentId: string;

  /** The version this row was (the incident moved to version + 1). */
  @Column('int')
  version: number;

  /** The incident's fields as they were (subjects as their count only). */
  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('timestamptz')
  supersededAt: Date;
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
export class Nomination extends PartnershipRecord {
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
  @NullableColumn('text')
  category: string | null;

  /** `{ lsoaCode, wardCode, label, lat, lng }` when the cause has a place. */
  @NullableColumn('jsonb')
  location: Record<string, unknown> | null;

  @Column('int', { default: 0 })
  evidenceCount: number;

  /** Counts and figures of the detection (by category, the score of an exception): ids and numbers only. */
  @Column('jsonb', { default: () => `'{}'` })
  data: Record<string, unknown>;

  @NullableColumn('uuid')
  referralId: string | null;

  /** The issue raised at a community engagement that this nomination is (kind `engagement_issue`). */
  @Index('uq_nominations_engagement_issue', { unique: true, where: '"engagement_issue_id" IS NOT NULL' })
  @References(() => EngagementIssue, 'CASCADE', { nullable: true })
  engagementIssueId: string | null;

  /** Words for the problem an accepted nomination opens, when its maker gave them (else its origin's). */
  @NullableColumn('text')
  description: string | null;

  @NullableColumn('timestamptz')
  decidedAt: Date | null;

  @NullableColumn('text')
  decidedByType: string | null;

  @NullableColumn('uuid')
  decidedById: string | null;

  @NullableColumn('uuid')
  decisionMeetingId: string | null;

  @NullableColumn('uuid')
  meetingDecisionId: string | null;

  @NullableColumn('text')
  decisionReason: string | null;

  @NullableColumn('uuid')
  problemId: string | null;

  @Column('int', { default: 1 })
  version: number;
}

/** The incidents a nomination rests on (its evidence). */
@Entity('nomination_incidents')
@Index('ix_nomination_incidents_incident', ['incidentId'])
export class NominationIncident {
  @References(() => Nomination, 'CASCADE', { primary: true })
  nominationId: string;

  @References(() => Incident, 'CASCADE', { primary: true })
  incidentId: string;

  @Column('uuid')
  partnershipId: string;
}

/** A referral from an agency, an elected member, the third sector or a member of the public; each becomes a nomination. */
@Entity('referrals')
@Index('ix_referrals_partnership_created', ['partnershipId', 'createdAt', 'id'])
@Check('ck_referrals_referrer_kind', `"referrer_kind" IN (${list(REFERRER_KINDS)})`)
@Check('ck_referrals_category', `"category" IN (${list(INCIDENT_CATEGORIES)})`)
export class Referral extends PartnershipRecord {
  @Column('text')
  referrerKind: ReferrerKind;

  @NullableColumn('text')
  referringAgency: string | null;

  @Column('text')
  description: string;

  @Column('text')
  category: string;

  @NullableColumn('jsonb')
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
export class IncidentImport extends PartnershipRecord {
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

  @NullableColumn('text')
  failure: string | null;

  @Column('text')
  requestedByType: string;

  @Column('uuid')
  requestedById: string;

  @NullableColumn('timestamptz')
  startedAt: Date | null;

  @NullableColumn('timestamptz')
  finishedAt: Date | null;
}

/** The partnership's repeat rules (a row only once changed: the scanners use DEFAULT_INTAKE_SETTINGS otherwise). */
@Entity('intake_settings')
export class IntakeSettingsRow {
  @References(() => Partnership, 'CASCADE', { primary: true })
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
}

export const INTAKE_ENTITIES = [Incident, IncidentSubject, IncidentRevision, Nomination, NominationIncident, Referral, IncidentImport, IntakeSettingsRow];
