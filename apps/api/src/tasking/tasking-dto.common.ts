import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { TASKING_LIMITS } from '@app/domain/tasking';

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const L = TASKING_LIMITS;

/** An instant written ISO 8601 with a time zone (Z or an offset). */
export const INSTANT = /(Z|[+-]\d{2}:\d{2})$/;

export function OptionalLink(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description })(target, key);
    IsOptional()(target, key);
    IsUUID()(target, key);
  };
}
