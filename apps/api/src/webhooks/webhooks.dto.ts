import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import {
  DELIVERY_STATUSES,
  WEBHOOK_DISABLED_REASONS,
  WEBHOOK_EVENT_FILTERS,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookDisabledReason,
  type WebhookSubscription,
} from '@app/domain/notifications';
import { VersionedDto } from '../common/versioned-record.dto';
import { OptionalTrimmedText, trim } from '../common/validators';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class CreateWebhookDto {
  /** Where deliveries are POSTed (http or https). Hosts that resolve to loopback, private, link-local or other non-public addresses are refused. */
  @ApiProperty({ example: 'https://integrations.southwales.police.example/csp-events' })
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  url: string;

  /** Event types to receive, or `["*"]` for all. */
  @ApiProperty({ enum: WEBHOOK_EVENT_FILTERS, isArray: true, example: ['flag.raised', 'flag.resolved'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_FILTERS.length)
  @IsIn(WEBHOOK_EVENT_FILTERS, { each: true })
  events: string[];

  @OptionalTrimmedText(500, 'Police tasking system')
  description?: string;
}

/** Only the fields sent change, each checked as at creation. */
export class UpdateWebhookDto extends PartialType(CreateWebhookDto) {
  /** A new target URL (checked like at creation). */
  override url?: string;

  @ApiPropertyOptional({ nullable: true })
  override description?: string;

  /** `true` re-enables a disabled subscription (and closes its flag); `false` disables it by hand. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookDto extends VersionedDto {
  url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_FILTERS, isArray: true }) events: string[];
  description: string | null;
  /** false once disabled (by hand, by a 410 from the receiver, or when every retry of a delivery failed). */
  active: boolean;
  disabledAt: string | null;
  @ApiProperty({ enum: WEBHOOK_DISABLED_REASONS }) disabledReason: WebhookDisabledReason | null;
  createdAt: string;

  static from(s: WebhookSubscription): WebhookDto {
    return {
      ...fieldsOf(s, 'id', 'url', 'events', 'description'),
      active: s.disabledAt === null,
      ...fieldsOf(s, 'disabledAt', 'disabledReason', 'version', 'createdAt'),
    };
  }
}

export class CreatedWebhookDto extends WebhookDto {
  /** The signing secret, shown this once: verify each delivery's webhook-signature with it (Standard Webhooks). */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret: string;
}

export class WebhookPageDto extends PageDto(WebhookDto) {}

export class DeliveryQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** The event; also the `webhook-id` of every attempt. */
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'flag.raised' }) eventType: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  /** HTTP status of the last attempt (null: no response). */
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** When the next attempt is due (pending, retrying). */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;

  static from(d: WebhookDelivery): DeliveryDto {
    return {
      ...fieldsOf(d, 'id', 'eventId', 'eventType', 'status', 'attempts', 'lastStatusCode', 'lastError', 'lastAttemptAt'),
      nextAttemptAt: d.status === 'succeeded' || d.status === 'failed' ? null : iso(d.nextAttemptAt),
      ...fieldsOf(d, 'deliveredAt', 'createdAt'),
    };
  }
}

export class DeliveryPageDto extends PageDto(DeliveryDto) {}
