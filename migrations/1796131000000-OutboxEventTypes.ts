import { MigrationInterface, QueryRunner } from "typeorm";
import { FIRST_OUTBOX_EVENT_TYPES, replaceOutboxEventTypeCheck } from "./support";

/**
 * The community and intake migrations each redefined the outbox's event-type
 * check with their own additions only, so whichever ran last dropped the
 * other's events. This one states the union (TypeORM does not compare CHECK
 * expressions, so the drift check cannot see this).
 */
const EVENTS = [
    ...FIRST_OUTBOX_EVENT_TYPES,
    'engagement.recorded',
    'you_said_we_did.published',
    'nomination.created',
    'nomination.decided',
    'incident_import.completed',
];

export class OutboxEventTypes1796131000000 implements MigrationInterface {
    name = 'OutboxEventTypes1796131000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await replaceOutboxEventTypeCheck(queryRunner, EVENTS);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The intake migration's down() restores its own list; this restores what ran before this one.
        await replaceOutboxEventTypeCheck(queryRunner, [...FIRST_OUTBOX_EVENT_TYPES, 'nomination.created', 'nomination.decided', 'incident_import.completed']);
    }
}
