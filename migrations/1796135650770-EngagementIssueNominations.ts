import { SchemaChangeMigration, addCheck, addColumn, createIndex, dropped, foreignKey } from "./support";

/**
 * An issue raised at a community engagement is nominated for tasking as an
 * intake nomination (kind `engagement_issue`) rather than straight into a
 * problem: the nomination names its issue (once: a unique index), the issue
 * names its nomination, and a nominated issue has a problem only once the
 * chair has accepted or merged the nomination. `description` keeps the words
 * a nominator gave for the problem an accepted nomination opens.
 */
export class EngagementIssueNominations1796135650770 extends SchemaChangeMigration {
    name = 'EngagementIssueNominations1796135650770'

    changes = [
        addColumn('engagement_issues', 'nomination_id', 'uuid'),
        addColumn('nominations', 'engagement_issue_id', 'uuid'),
        addColumn('nominations', 'description', 'text'),
        createIndex('nominations', 'uq_nominations_engagement_issue', ['engagement_issue_id'], { unique: true, where: '"engagement_issue_id" IS NOT NULL' }),
        foreignKey('nominations', 'FK_4f8bb1ce92f73939a86e2f9baea', 'engagement_issue_id', 'engagement_issues', 'CASCADE'),
        addCheck('nominations', 'ck_nominations_engagement_issue', `("kind" = 'engagement_issue') = ("engagement_issue_id" IS NOT NULL)`),
        dropped(addCheck('engagement_issues', 'ck_engagement_issues_nominated', `("status" <> 'nominated') OR "problem_id" IS NOT NULL`)),
        addCheck('engagement_issues', 'ck_engagement_issues_nominated', `("status" <> 'nominated') OR "problem_id" IS NOT NULL OR "nomination_id" IS NOT NULL`),
    ]
}
