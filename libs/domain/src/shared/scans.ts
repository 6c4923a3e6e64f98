import type { Logger } from '@nestjs/common';

/** What every scan reports beside its counts. */
export interface ScanTiming {
  kind: string;
  durationMs: number;
  /** The London date the scan took as today. */
  today: string;
}

/**
 * Runs one scan of `kind`, times it and logs its counts, as the worker's
 * scan services (flags, repeat nominations) all report a scan:
 * `scan kind=… due=… raised=… durationMs=… today=…`.
 */
export async function timedScan<C extends object>(logger: Logger, kind: string, today: string, scan: () => Promise<C>): Promise<C & ScanTiming> {
  const started = process.hrtime.bigint();
  const counts = await scan();
  const result = { kind, ...counts, durationMs: Number(process.hrtime.bigint() - started) / 1e6, today };
  const tally = Object.entries(counts).map(([name, n]) => `${name}=${n}`);
  logger.log(`scan kind=${kind} ${tally.join(' ')} durationMs=${result.durationMs.toFixed(1)} today=${today}`);
  return result;
}
