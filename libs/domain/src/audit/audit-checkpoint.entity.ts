import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NullableColumn } from '../shared/columns';

/**
 * A signed statement of a chain's head after a sealing batch: the chain of
 * `partnershipId` (null: the platform chain) reached `lastPosition` with
 * `rootHash` (the hash of that row). `signature` is Ed25519 (base64url)
 * over the canonical JSON of partnership, last position, root hash, key id
 * and signing time. Exported (GET .../audit-events/checkpoints) and kept
 * outside the database, a checkpoint also proves that no newer rows were cut
 * off the end. Written by the worker only; append-only.
 */
@Entity('audit_checkpoints')
@Index('uq_audit_checkpoints_partnership_position', ['partnershipId', 'lastPosition'], { unique: true, where: '"partnership_id" IS NOT NULL' })
@Index('uq_audit_checkpoints_platform_position', ['lastPosition'], { unique: true, where: '"partnership_id" IS NULL' })
export class AuditCheckpoint {
  @PrimaryColumn('uuid')
  id: string;

  @NullableColumn('uuid')
  partnershipId: string | null;

  /** The first chain position the batch sealed. */
  @Column('bigint')
  firstPosition: string;

  @Column('bigint')
  lastPosition: string;

  /** The hash of the row at `lastPosition`. */
  @Column('text')
  rootHash: string;

  /** Which key signed: the first 16 hex digits of the SHA-256 of its public key (DER). */
  @Column('text')
  keyId: string;

  @Column('text')
  signature: string;

  @Column('timestamptz')
  signedAt: Date;
}
