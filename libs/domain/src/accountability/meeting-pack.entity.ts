import { Check, Column, Entity, Index } from 'typeorm';
import { Partnership } from '../partnerships/partnership.entity';
import { NullableColumn, References } from '../shared/columns';
import { Meeting } from '../tasking/meeting.entity';

/** A pack's state: asked for (queued), built (ready). A rebuild asked for keeps the last built pack readable meanwhile. */
export const PACK_STATES = ['queued', 'ready'] as const;
export type PackState = (typeof PACK_STATES)[number];

/**
 * The pack of one meeting (its agenda and what the meeting needs to see) as
 * PDF and print-ready HTML, built by the worker when asked and when the
 * meeting opens. One row per meeting; a rebuild replaces the documents in
 * place (the job is safe to run twice). Minutes are rendered when asked for
 * (a closed meeting's record changes only by addenda).
 */
@Entity('meeting_packs')
@Index('ix_meeting_packs_queued', ['requestedAt'], { where: `"state" = 'queued'` })
@Check('ck_meeting_packs_state', `"state" IN (${PACK_STATES.map((s) => `'${s}'`).join(', ')})`)
export class MeetingPack {
  @References(() => Meeting, 'CASCADE', { primary: true })
  meetingId: string;

  @References(() => Partnership, 'CASCADE')
  partnershipId: string;

  @Column('text')
  state: PackState;

  @Column('timestamptz')
  requestedAt: Date;

  /** The meeting's state the last build saw (a pack is built again when the meeting opens or closes). */
  @NullableColumn('text')
  builtForStatus: string | null;

  @NullableColumn('timestamptz')
  builtAt: Date | null;

  @NullableColumn('bytea')
  pdf: Buffer | null;

  @NullableColumn('text')
  html: string | null;

  /** Builds so far (a rebuild counts one more). */
  @Column('int', { default: 0 })
  builds: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
