import { MigrationInterface, QueryRunner } from "typeorm";
import { requestContextFunction } from "./support";

/**
 * request_context(): what a request needs to know about its caller, in one
 * statement at the start of the request's transaction. It sets the
 * transaction's tenant and user (app.partnership_id, app.user_id) and answers
 * the partnership behind the route's id or code, the user (disabled, password
 * changed, platform admin), the user's membership of that partnership, and the
 * API key with the hash given (touching its last_used_at at most every
 * p_key_touch_after, and never waiting for a concurrent request doing so). It runs with the caller's rights (not SECURITY DEFINER),
 * so row-level security applies to every lookup exactly as it does to the
 * separate queries it replaces. A function only: no table, so no row-level
 * security or grant changes (EXECUTE is PUBLIC's by default).
 */
export class RequestContextFunction1796125131783 implements MigrationInterface {
    name = 'RequestContextFunction1796125131783'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(requestContextFunction({ replace: false, oversight: false }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP FUNCTION "request_context"(uuid, text, uuid, text, timestamptz, interval)
        `);
    }
}
