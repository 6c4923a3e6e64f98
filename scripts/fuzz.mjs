// `npm run fuzz`: the fuzzing suite (test/fuzz.e2e-spec.ts) with a random seed,
// printed so a failure can be replayed: FUZZ_SEED=<seed> npm run fuzz.
// FUZZ_RUNS sets how many requests (default 50,000 here; 10,000 under npm test).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const seed = process.env.FUZZ_SEED || String(randomInt(1, 2 ** 31));
const runs = process.env.FUZZ_RUNS || '50000';
process.stdout.write(`Fuzzing with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}\n`);
const result = spawnSync(process.execPath, ['scripts/test.mjs', 'fuzz.e2e-spec', '--long'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
});
process.stdout.write(`Fuzzed with FUZZ_SEED=${seed}\n`);
process.exit(result.status ?? 1);
