import type { INestApplication } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** What the app sent to PostgreSQL between two `reset()`s. */
export interface StatementCount {
  /** Every statement sent, BEGIN and COMMIT included. */
  statements: number;
  /** Transactions begun (BEGIN / START TRANSACTION). */
  transactions: number;
  /** Connections taken from the pool. */
  checkouts: number;
  /** The statements' text, in order (for the message of a failing budget). */
  texts: string[];
}

const WRAPPED = Symbol('statement-counter');
const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;

/**
 * Counts the statements the app sends through its connection pool: every
 * client the pool hands out has its `query` wrapped once, so what TypeORM,
 * the audit trail and the raw repositories send is all counted alike.
 */
export class StatementCounter {
  private texts: string[] = [];
  private transactions = 0;
  private checkouts = 0;

  private constructor(pool: Pool) {
    pool.on('acquire', (client: PoolClient) => {
      this.checkouts++;
      const marked = client as PoolClient & { [WRAPPED]?: boolean };
      if (marked[WRAPPED]) return;
      marked[WRAPPED] = true;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        this.record(args[0]);
        return query(...args);
      };
    });
  }

  /** Attaches to the pool behind the app's TypeORM data source. */
  static attach(app: INestApplication): StatementCounter {
    const driver = app.get(DataSource).driver as unknown as { master?: Pool };
    if (!driver.master) throw new Error('The data source has no pg pool to count on');
    return new StatementCounter(driver.master);
  }

  reset(): void {
    this.texts = [];
    this.transactions = 0;
    this.checkouts = 0;
  }

  get current(): StatementCount {
    return { statements: this.texts.length, transactions: this.transactions, checkouts: this.checkouts, texts: [...this.texts] };
  }

  /** Runs `work` (e.g. one HTTP request) and returns what it sent. */
  async during(work: () => Promise<unknown>): Promise<StatementCount> {
    this.reset();
    await work();
    return this.current;
  }

  private record(query: unknown): void {
    const text = typeof query === 'string' ? query : ((query as { text?: string } | null)?.text ?? String(query));
    this.texts.push(text.replace(/\s+/g, ' ').trim());
    if (BEGIN.test(text)) this.transactions++;
  }
}
