import { MigrationInterface, QueryRunner } from "typeorm";
import { requestContextFunction } from "./support";

/**
 * request_context() (one statement at the start of each request) also answers
 * the user's oversight grants, so a board member is recognised as an
 * oversight principal within the request's single transaction.
 */
export class RequestContextOversight1796132000000 implements MigrationInterface {
    name = 'RequestContextOversight1796132000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(requestContextFunction({ replace: true, oversight: true }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(requestContextFunction({ replace: true, oversight: false }));
    }
}
