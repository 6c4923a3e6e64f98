import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The community and intake migrations each redefined the outbox's event-type
 * check with their own additions only, so whichever ran last dropped the
 * other's events. This one states the union (TypeORM does not compare CHECK
 * expressions, so the drift check cannot see this).
 */
const EVENTS_BEFORE = [
    'flag.raised',
    'flag.resolved',
    'problem.created',
    'problem.stage_changed',
    'meeting.closed',
    'action.created',
    'action.updated',
    'strategic_assessment.approved',
    'strategic_assessment.reviewed',
    'control_strategy.published',
];
const EVENTS = [
    ...EVENTS_BEFORE,
    'engagement.recorded',
    'you_said_we_did.published',
    'nomination.created',
    'nomination.decided',
    'incident_import.completed',
];
const check = (events: string[]) => `CHECK ("type" IN (${events.map((e) => `'${e}'`).join(', ')}))`;

export class OutboxEventTypes1796131000000 implements MigrationInterface {
    name = 'OutboxEventTypes1796131000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "ck_outbox_events_type"`);
        await queryRunner.query(`ALTER TABLE "outbox_events" ADD CONSTRAINT "ck_outbox_events_type" ${check(EVENTS)}`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The intake migration's down() restores its own list; this restores what ran before this one.
        await queryRunner.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "ck_outbox_events_type"`);
        await queryRunner.query(`ALTER TABLE "outbox_events" ADD CONSTRAINT "ck_outbox_events_type" ${check([...EVENTS_BEFORE, 'nomination.created', 'nomination.decided', 'incident_import.completed'])}`);
    }
}
