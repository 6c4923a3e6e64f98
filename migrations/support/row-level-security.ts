import type { QueryRunner } from 'typeorm';
import { statement, type Indent } from './statement';

// Changing what a helper here executes changes landed migrations, which the guard refuses (see index.ts).

/** The transaction's tenant: the per-transaction setting app.partnership_id (NULL when unset or empty). */
export const TENANT = `NULLIF(current_setting('app.partnership_id', true), '')::uuid`;

/** Row-level security on `table`; FORCE makes its policies bind the table owner too. */
export async function enableRowSecurity(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
}

/**
 * The "tenant_isolation" policy: a row is read and written only inside the
 * transaction of its partnership. `IS NOT DISTINCT FROM` also lets rows without
 * a partnership be used outside any partnership.
 */
function tenantIsolationPolicy(table: string, indent: Indent, comparison: '=' | 'IS NOT DISTINCT FROM' = '='): string {
  const own = `"partnership_id" ${comparison} ${TENANT}`;
  return policyStatement(indent, `CREATE POLICY "tenant_isolation" ON "${table}"`, { using: own, withCheck: own });
}

/** What a policy lets through: the rows it reads (`using`) and the rows it lets be written (`withCheck`). */
export interface PolicyClauses {
  using?: string;
  withCheck?: string;
}

/** A CREATE POLICY statement laid out a clause a line. */
function policyStatement(indent: Indent, head: string, { using, withCheck }: PolicyClauses): string {
  return statement(indent, head, ...(using === undefined ? [] : [`USING (${using})`]), ...(withCheck === undefined ? [] : [`WITH CHECK (${withCheck})`]));
}

/** Creates the policy `name` on `table` for one command, a clause a line. */
export async function createPolicy(
  queryRunner: QueryRunner,
  name: string,
  table: string,
  command: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE',
  clauses: PolicyClauses,
): Promise<void> {
  await queryRunner.query(policyStatement(12, `CREATE POLICY "${name}" ON "${table}" FOR ${command}`, clauses));
}

/**
 * Each table in turn: row-level security and its tenant_isolation policy.
 * `indent` is the policy's layout where the migration wrote it (16: in a loop).
 */
export async function enableTenantIsolation(
  queryRunner: QueryRunner,
  tables: readonly string[],
  { indent = 16, comparison = '=' }: { indent?: Indent; comparison?: '=' | 'IS NOT DISTINCT FROM' } = {},
): Promise<void> {
  for (const table of tables) {
    await enableRowSecurity(queryRunner, table);
    await queryRunner.query(tenantIsolationPolicy(table, indent, comparison));
  }
}

/**
 * The policies `<table>_insert`, `<table>_update` and `<table>_delete`: a
 * row is written only inside the transaction of its partnership, where the
 * table reads wider than that (its own `<table>_read` policy).
 */
export async function createTenantWritePolicies(queryRunner: QueryRunner, table: string): Promise<void> {
  const own = `"partnership_id" = ${TENANT}`;
  await queryRunner.query(`CREATE POLICY "${table}_insert" ON "${table}" FOR INSERT WITH CHECK (${own})`);
  await queryRunner.query(`CREATE POLICY "${table}_update" ON "${table}" FOR UPDATE USING (${own}) WITH CHECK (${own})`);
  await queryRunner.query(`CREATE POLICY "${table}_delete" ON "${table}" FOR DELETE USING (${own})`);
}

/** Drops the policies named, in that order. */
export async function dropPolicies(queryRunner: QueryRunner, table: string, ...policies: string[]): Promise<void> {
  for (const policy of policies) await queryRunner.query(`DROP POLICY IF EXISTS "${policy}" ON "${table}"`);
}

/** Drops the tenant_isolation policy of each table (the down() of enableTenantIsolation). */
export async function dropTenantIsolation(queryRunner: QueryRunner, tables: readonly string[]): Promise<void> {
  for (const table of tables) await dropPolicies(queryRunner, table, 'tenant_isolation');
}
