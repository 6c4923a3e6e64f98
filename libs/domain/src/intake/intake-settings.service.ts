import { Injectable } from '@nestjs/common';
import { Clock, invalidInput, type InvalidField } from '@app/core';
import { AuditService } from '../audit';
import { DEFAULT_INTAKE_SETTINGS, INTAKE_SETTING_BOUNDS, type IntakeSettings } from './intake.constants';
import { IntakeSettingsRepository } from './intake-settings.repository';

/**
 * A partnership's repeat rules (thresholds and windows of the scanners),
 * with the defaults of DEFAULT_INTAKE_SETTINGS where none are set. Changed
 * through PATCH {pid} (`intakeSettings`), within INTAKE_SETTING_BOUNDS,
 * audited. A change applies from the next scan; nominations already made
 * stand.
 */
@Injectable()
export class IntakeSettingsService {
  constructor(
    private readonly repo: IntakeSettingsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async get(partnershipId: string): Promise<IntakeSettings> {
    return { ...DEFAULT_INTAKE_SETTINGS, ...((await this.repo.find(partnershipId)) ?? {}) };
  }

  async update(partnershipId: string, changes: Partial<IntakeSettings>): Promise<IntakeSettings> {
    const errors: InvalidField[] = [];
    for (const [key, value] of Object.entries(changes) as [keyof IntakeSettings, number | undefined][]) {
      if (value === undefined) continue;
      const bounds = INTAKE_SETTING_BOUNDS[key];
      if (!bounds) errors.push({ path: `intakeSettings.${key}`, message: 'unknown field' });
      else if (typeof value !== 'number' || !Number.isFinite(value) || value < bounds.min || value > bounds.max) {
        errors.push({ path: `intakeSettings.${key}`, message: `${key} must be from ${bounds.min} to ${bounds.max}` });
      } else if (key !== 'exceptionScore' && !Number.isInteger(value)) errors.push({ path: `intakeSettings.${key}`, message: `${key} must be a whole number` });
    }
    if (errors.length) throw invalidInput(errors);
    const before = await this.get(partnershipId);
    const after: IntakeSettings = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    if (JSON.stringify(after) === JSON.stringify(before)) return before;
    await this.repo.save(partnershipId, after, this.clock.now());
    await this.audit.record({ action: 'partnership.intake_settings_changed', target: { type: 'partnership', id: partnershipId }, details: { before, after } });
    return after;
  }
}
