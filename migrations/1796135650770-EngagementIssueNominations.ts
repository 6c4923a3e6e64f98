import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An issue raised at a community engagement is nominated for tasking as an
 * intake nomination (kind `engagement_issue`) rather than straight into a
 * problem: the nomination names its issue (once: a unique index), the issue
 * names its nomination, and a nominated issue has a problem only once the
 * chair has accepted or merged the nomination. `description` keeps the words
 * a nominator gave for the problem an accepted nomination opens.
 */
export class EngagementIssueNominations1796135650770 implements MigrationInterface {
    name = 'EngagementIssueNominations1796135650770'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "engagement_issues"
            ADD "nomination_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations"
            ADD "engagement_issue_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations"
            ADD "description" text
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_nominations_engagement_issue" ON "nominations" ("engagement_issue_id")
            WHERE "engagement_issue_id" IS NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations"
            ADD CONSTRAINT "FK_4f8bb1ce92f73939a86e2f9baea" FOREIGN KEY ("engagement_issue_id") REFERENCES "engagement_issues"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations"
            ADD CONSTRAINT "ck_nominations_engagement_issue" CHECK (("kind" = 'engagement_issue') = ("engagement_issue_id" IS NOT NULL))
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues" DROP CONSTRAINT "ck_engagement_issues_nominated"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues"
            ADD CONSTRAINT "ck_engagement_issues_nominated" CHECK (("status" <> 'nominated') OR "problem_id" IS NOT NULL OR "nomination_id" IS NOT NULL)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "engagement_issues" DROP CONSTRAINT "ck_engagement_issues_nominated"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues"
            ADD CONSTRAINT "ck_engagement_issues_nominated" CHECK (("status" <> 'nominated') OR "problem_id" IS NOT NULL)
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations" DROP CONSTRAINT "ck_nominations_engagement_issue"
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations" DROP CONSTRAINT "FK_4f8bb1ce92f73939a86e2f9baea"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_nominations_engagement_issue"
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations" DROP COLUMN "description"
        `);
        await queryRunner.query(`
            ALTER TABLE "nominations" DROP COLUMN "engagement_issue_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "engagement_issues" DROP COLUMN "nomination_id"
        `);
    }

}
