/**
 * The few variables read outside the application configuration: by the test
 * runner and its child test processes. Kept here so only the config module
 * reads process.env.
 */
export interface TestSettings {
  /** Superuser URL of the test server's maintenance database. */
  adminUrl: string;
  /** The migrated template every test file clones. */
  templateDatabase: string;
  redisUrl: string;
  logLevel: string;
  /** DATABASE_*_PASSWORD values for the roles on the test server. */
  roleEnv: Record<string, string>;
  /** The fuzzing suite (test/fuzz.e2e-spec.ts): FUZZ_SEED (default a fixed seed) and FUZZ_RUNS (requests, default 10,000). */
  fuzz: { seed: number; runs: number };
}

/** The seed `npm test` fuzzes with, so a failure there reproduces. */
export const DEFAULT_FUZZ_SEED = 20260101;

const ROLE_PASSWORD_VARS = ['DATABASE_OWNER_PASSWORD', 'DATABASE_APP_PASSWORD', 'DATABASE_WORKER_PASSWORD'];

export function readTestSettings(env: NodeJS.ProcessEnv = process.env): TestSettings {
  const adminUrl = env.CSP_TEST_ADMIN_URL;
  const templateDatabase = env.CSP_TEST_TEMPLATE_DB;
  if (!adminUrl || !templateDatabase) {
    throw new Error('End-to-end tests run through `npm test`, which prepares the database (CSP_TEST_ADMIN_URL is not set).');
  }
  const roleEnv: Record<string, string> = {};
  for (const key of ROLE_PASSWORD_VARS) if (env[key]) roleEnv[key] = env[key] as string;
  return {
    adminUrl,
    templateDatabase,
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    logLevel: env.TEST_LOG_LEVEL || 'silent',
    roleEnv,
    fuzz: {
      seed: Number.isSafeInteger(Number(env.FUZZ_SEED)) && env.FUZZ_SEED ? Number(env.FUZZ_SEED) : DEFAULT_FUZZ_SEED,
      runs: Number.isSafeInteger(Number(env.FUZZ_RUNS)) && Number(env.FUZZ_RUNS) > 0 ? Number(env.FUZZ_RUNS) : 10_000,
    },
  };
}

/** Makes the settings visible to the test processes Jest starts after its global setup. */
export function publishTestSettings(settings: Omit<TestSettings, 'redisUrl' | 'logLevel' | 'fuzz'>): void {
  Object.assign(process.env, settings.roleEnv, {
    CSP_TEST_ADMIN_URL: settings.adminUrl,
    CSP_TEST_TEMPLATE_DB: settings.templateDatabase,
  });
}

/** The command-line arguments of this process (for small scripts that take none through Nest). */
export function processArgs(): string[] {
  return process.argv.slice(2);
}
