import type { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/**
 * A loop the worker runs from start to shutdown: a pass, again at once while
 * a pass reports more to do, else a pause. A failing pass is logged once
 * (and its recovery), and the loop keeps trying.
 */
export abstract class Poller implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failing = false;
  lastError: string | null = null;

  protected abstract readonly logger: Logger;
  /** What the log says when passes start failing (the error follows) and when they work again. */
  protected abstract readonly messages: { paused: string; resumed: string };

  /** The pause after a pass with nothing more to do (ms). */
  protected abstract intervalMs(): number;

  /** One pass; true when there is more to do at once. */
  protected abstract pass(): Promise<boolean>;

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let more = false;
      try {
        more = await this.pass();
        if (this.failing) this.logger.log(this.messages.resumed);
        this.failing = false;
        this.lastError = null;
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        if (!this.failing) this.logger.warn(`${this.messages.paused}: ${this.lastError}`);
        this.failing = true;
      }
      if (!more && this.running) await this.sleep(this.intervalMs());
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
