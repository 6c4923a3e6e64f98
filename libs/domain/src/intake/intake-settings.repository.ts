import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import type { IntakeSettings } from './intake.constants';

const COLUMNS: Record<keyof IntakeSettings, string> = {
  repeatLocationThreshold: 'repeat_location_threshold',
  repeatLocationMonths: 'repeat_location_months',
  repeatLocationMetres: 'repeat_location_metres',
  repeatVictimThreshold: 'repeat_victim_threshold',
  repeatOffenderThreshold: 'repeat_offender_threshold',
  repeatSubjectMonths: 'repeat_subject_months',
  exceptionScore: 'exception_score',
  exceptionBaselineMonths: 'exception_baseline_months',
};

/** The partnership's repeat rules: one row once changed (the scanners fall back to the defaults without one). */
@Injectable()
export class IntakeSettingsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async find(partnershipId: string): Promise<Partial<IntakeSettings> | null> {
    const select = Object.entries(COLUMNS)
      .map(([k, c]) => `${c} AS "${k}"`)
      .join(', ');
    const [row] = await this.tx.manager.query<IntakeSettings[]>(`SELECT ${select} FROM intake_settings WHERE partnership_id = $1`, [partnershipId]);
    return row ?? null;
  }

  /** Writes the whole set (an upsert, locking the row until the transaction ends). */
  async save(partnershipId: string, settings: IntakeSettings, now: Date): Promise<void> {
    const keys = Object.keys(COLUMNS) as (keyof IntakeSettings)[];
    const columns = keys.map((k) => COLUMNS[k]);
    await this.tx.manager.query(
      `INSERT INTO intake_settings (partnership_id, ${columns.join(', ')}, updated_at) VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')}, $${keys.length + 2})
       ON CONFLICT (partnership_id) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at`,
      [partnershipId, ...keys.map((k) => settings[k]), now],
    );
  }
}
