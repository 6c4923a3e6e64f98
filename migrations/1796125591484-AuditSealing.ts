import { MigrationInterface, QueryRunner } from "typeorm";
import { TENANT, addColumn, applyChanges, createIndex, createTable, dropPolicies, enableRowSecurity, revertChanges, revokeRewritesLoop, statement } from "./support";

/** The checkpoints table and the seal columns of audit rows, made before the rows so far are sealed (down() undoes them last). */
const CHECKPOINTS_AND_SEALS = [
    createTable('audit_checkpoints', `
                "id" uuid NOT NULL,
                "partnership_id" uuid,
                "first_position" bigint NOT NULL,
                "last_position" bigint NOT NULL,
                "root_hash" text NOT NULL,
                "key_id" text NOT NULL,
                "signature" text NOT NULL,
                "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_ec62ec0b7b181580b1fa64e1167" PRIMARY KEY ("id")
    `),
    createIndex('audit_checkpoints', 'uq_audit_checkpoints_platform_position', ['last_position'], { unique: true, where: '"partnership_id" IS NULL' }),
    createIndex('audit_checkpoints', 'uq_audit_checkpoints_partnership_position', ['partnership_id', 'last_position'], { unique: true, where: '"partnership_id" IS NOT NULL' }),
    addColumn('audit_events', 'chain_position', 'bigint'),
    addColumn('audit_events', 'sealed_at', 'TIMESTAMP WITH TIME ZONE'),
];

/** The indexes of the seal columns, made once the rows so far are sealed (down() undoes them first). */
const SEAL_INDEXES = [
    createIndex('audit_events', 'ix_audit_events_unsealed', ['partnership_id', 'seq'], { where: '"hash" IS NULL' }),
    createIndex('audit_events', 'uq_audit_events_platform_chain', ['chain_position'], { unique: true, where: ['"partnership_id" IS NULL', 'AND "chain_position" IS NOT NULL'] }),
    createIndex('audit_events', 'uq_audit_events_partnership_chain', ['partnership_id', 'chain_position'], { unique: true, where: ['"partnership_id" IS NOT NULL', 'AND "chain_position" IS NOT NULL'] }),
];

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
        await applyChanges(queryRunner, CHECKPOINTS_AND_SEALS);
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
        await applyChanges(queryRunner, SEAL_INDEXES);

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
        await revertChanges(queryRunner, SEAL_INDEXES);
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
        await revertChanges(queryRunner, CHECKPOINTS_AND_SEALS);
    }
}
