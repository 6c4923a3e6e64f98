import { randomBytes } from 'node:crypto';
import { Client, type QueryResultRow } from 'pg';
import { readTestSettings, urlForDatabase } from '@app/core';

/**
 * A database of its own for one test file, cloned from the migrated template
 * (`CREATE DATABASE ... TEMPLATE ...`, a file copy: milliseconds, not a migration run).
 */
export class TestDatabase {
  private admin?: Client;

  private constructor(
    readonly name: string,
    /** Superuser URL of this database: for arranging and inspecting data behind the app's back. */
    readonly adminUrl: string,
    private readonly serverAdminUrl: string,
  ) {}

  static async create(): Promise<TestDatabase> {
    const settings = readTestSettings();
    const name = `${settings.templateDatabase.replace(/_tpl$/, '')}_${randomBytes(4).toString('hex')}`;
    const client = new Client({ connectionString: settings.adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(settings.templateDatabase)}`);
    } finally {
      await client.end();
    }
    return new TestDatabase(name, urlForDatabase(settings.adminUrl, name), settings.adminUrl);
  }

  /** Runs SQL as a superuser (bypasses row-level security): for arranging and asserting only. */
  async query<R extends QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    if (!this.admin) {
      this.admin = new Client({ connectionString: this.adminUrl });
      await this.admin.connect();
    }
    return (await this.admin.query<R>(sql, params)).rows;
  }

  async drop(): Promise<void> {
    await this.admin?.end().catch(() => undefined);
    this.admin = undefined;
    const client = new Client({ connectionString: this.serverAdminUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(this.name)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
}
