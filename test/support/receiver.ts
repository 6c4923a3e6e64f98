import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** The status the receiver answered. */
  status: number;
}

export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

/**
 * A webhook receiver on loopback: records every request and answers as
 * `answer` says (by default 204). Tests point subscriptions at `url`.
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: (req: { headers: IncomingHttpHeaders; body: string; index: number }) => ReceiverAnswer = () => ({ status: 204 });
  private server?: Server;
  private waiters: { predicate: () => boolean; resolve: () => void }[] = [];

  static async start(): Promise<TestReceiver> {
    const receiver = new TestReceiver();
    await receiver.listen();
    return receiver;
  }

  private listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.answer({ headers: req.headers, body, index: this.requests.length });
        const reply = () => {
          if (res.destroyed) return;
          this.requests.push({ headers: req.headers, body, at: Date.now(), status: answer.status });
          res.writeHead(answer.status, answer.headers ?? {});
          res.end();
          this.check();
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    return new Promise((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks`;
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.predicate()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `predicate` holds (checked on every request); rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 20_000, what = 'the expected requests'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver: ${what} did not arrive within ${timeoutMs} ms (got ${this.requests.length})`)), timeoutMs);
      this.waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  byType(type: string): ReceivedRequest[] {
    return this.requests.filter((r) => (JSON.parse(r.body) as { type: string }).type === type);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
