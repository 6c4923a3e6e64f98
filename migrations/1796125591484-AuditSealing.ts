import { MigrationInterface, QueryRunner } from "typeorm";
import { TENANT, dropPolicies, enableRowSecurity, revokeRewritesLoop, statement } from "./support";

/**
 * The audit trail appended without a lock and sealed by the worker: `seq`
 * from a sequence (append order), the chain's own `chain_position`, the
 * hashes null until sealed, a partial index of unsealed rows for the
 * sealer, and signed checkpoints (one per sealing batch) with row-level
 * security, append-only like the trail.
 */
export class AuditSealing1796125591484 implements MigrationInterface {
    name = 'AuditSealing1796125591484'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_checkpoints" (
                "id" uuid NOT NULL,
                "partnership_id" uuid,
                "first_position" bigint NOT NULL,
                "last_position" bigint NOT NULL,
                "root_hash" text NOT NULL,
                "key_id" text NOT NULL,
                "signature" text NOT NULL,
                "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_ec62ec0b7b181580b1fa64e1167" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_audit_checkpoints_platform_position" ON "audit_checkpoints" ("last_position")
            WHERE "partnership_id" IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_audit_checkpoints_partnership_position" ON "audit_checkpoints" ("partnership_id", "last_position")
            WHERE "partnership_id" IS NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ADD "chain_position" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ADD "sealed_at" TIMESTAMP WITH TIME ZONE
        `);
        // The rows so far were chained as they were appended: they stay sealed, at their positions.
        await queryRunner.query(`
            UPDATE "audit_events" SET "chain_position" = "seq", "sealed_at" = "occurred_at"
        `);
        await queryRunner.query(`
            CREATE SEQUENCE IF NOT EXISTS "audit_events_seq_seq" OWNED BY "audit_events"."seq"
        `);
        // New rows are numbered after every row so far, so seq stays unique in each chain.
        await queryRunner.query(`
            SELECT setval('"audit_events_seq_seq"', coalesce((SELECT max("seq") FROM "audit_events"), 0) + 1, false)
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ALTER COLUMN "seq"
            SET DEFAULT nextval('"audit_events_seq_seq"')
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ALTER COLUMN "prev_hash" DROP NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ALTER COLUMN "hash" DROP NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_events_unsealed" ON "audit_events" ("partnership_id", "seq")
            WHERE "hash" IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_audit_events_platform_chain" ON "audit_events" ("chain_position")
            WHERE "partnership_id" IS NULL
                AND "chain_position" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_audit_events_partnership_chain" ON "audit_events" ("partnership_id", "chain_position")
            WHERE "partnership_id" IS NOT NULL
                AND "chain_position" IS NOT NULL
        `);

        // Row-level security (the pattern of the earlier migrations): a
        // partnership reads its own checkpoints; the platform chain's only
        // outside any partnership. No INSERT policy: only the worker role
        // (BYPASSRLS) writes them.
        await enableRowSecurity(queryRunner, 'audit_checkpoints');
        await queryRunner.query(`CREATE POLICY "audit_checkpoints_read" ON "audit_checkpoints" FOR SELECT USING ("partnership_id" IS NOT DISTINCT FROM ${TENANT})`);
        // Checkpoints are append-only like the trail (APPEND_ONLY_TABLES keeps
        // it so); the worker role (the one with BYPASSRLS) may write the seal
        // columns of audit rows, and nothing else of them.
        await queryRunner.query(statement(12,
            'DO $$',
            'DECLARE grantee_name text;',
            'BEGIN',
            ...revokeRewritesLoop('audit_checkpoints'),
            '    FOR grantee_name IN',
            '        SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g JOIN pg_roles r ON r.rolname = g.grantee',
            "        WHERE g.table_schema = 'public' AND g.table_name = 'audit_events' AND g.grantee <> current_user AND r.rolbypassrls AND NOT r.rolsuper",
            '    LOOP',
            "        EXECUTE format('GRANT UPDATE (chain_position, prev_hash, hash, sealed_at) ON TABLE audit_events TO %I', grantee_name);",
            '    END LOOP;',
            'END',
            '$$',
        ));
        await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "audit_checkpoints" FROM PUBLIC`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await dropPolicies(queryRunner, 'audit_checkpoints', 'audit_checkpoints_read');
        await queryRunner.query(`
            DROP INDEX "public"."uq_audit_events_partnership_chain"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_audit_events_platform_chain"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_events_unsealed"
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ALTER COLUMN "hash"
            SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ALTER COLUMN "prev_hash"
            SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events"
            ALTER COLUMN "seq" DROP DEFAULT
        `);
        await queryRunner.query(`
            DROP SEQUENCE "audit_events_seq_seq"
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events" DROP COLUMN "sealed_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_events" DROP COLUMN "chain_position"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_audit_checkpoints_partnership_position"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_audit_checkpoints_platform_position"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_checkpoints"
        `);
    }
}
