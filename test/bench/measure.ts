import { nth } from '@app/testing';

/** Prints one line of a benchmark's figures, marked so that they stand out of Jest's output. */
export const say = (line: string) => process.stdout.write(`# bench ${line}\n`);

/** `work`'s result and how long it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return nth(sorted, Math.floor(sorted.length / 2));
}

/** The median time of `runs` runs of `work`, one after another, in milliseconds. */
export async function medianOf(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work))[1]);
  return median(times);
}
