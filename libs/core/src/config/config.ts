import { isIP } from 'node:net';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { EnvironmentVariables } from './config.schema';

export interface DatabaseRoleCredentials {
  user: string;
  password: string;
}

/** The validated configuration, in typed namespaces. Built once at boot. */
export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  api: { host: string; port: number; bodyLimitBytes: number; trustProxy: boolean; publicUrl: string };
  worker: { port: number; concurrency: number; heartbeatIntervalSeconds: number };
  /** The web console: its port, the API it calls, its session lifetime; cookies are Secure in production. */
  web: {
    port: number;
    apiUrl: string;
    sessionTtlSeconds: number;
    secureCookies: boolean;
    /** Shared by the console and the API: the console's word for the address of the person it acts for is trusted with it. */
    forwardingSecret: string | undefined;
    /** "Sign in with your organisation" (OIDC authorization code with PKCE); undefined when not configured. */
    oidc: { issuer: string; clientId: string; clientSecret: string | undefined; redirectUrl: string } | undefined;
  };
  database: {
    /** Undefined means "use the embedded PostgreSQL" (only the dev launcher and test runner start it). */
    url: string | undefined;
    owner: DatabaseRoleCredentials;
    app: DatabaseRoleCredentials;
    worker: DatabaseRoleCredentials;
    poolSize: number;
    ssl: boolean;
  };
  embedded: { port: number; dataDir: string };
  redis: { url: string; prefix: string };
  /** `levelSet`: LOG_LEVEL was given (the dev launcher quietens its children otherwise). */
  log: { level: EnvironmentVariables['LOG_LEVEL']; levelSet: boolean; pretty: boolean };
  /** GET /metrics: `token` required when set; otherwise open outside production, off in production. */
  metrics: { enabled: boolean; token: string | undefined };
  auth: {
    tokenTtlSeconds: number;
    refreshTtlSeconds: number;
    refreshFamilyTtlSeconds: number;
    /** PEM or file path of the token signing key; undefined: generated under `keysDir`. */
    signingKey: string | undefined;
    /** API key HMAC secret; undefined (never in production): generated under `keysDir`. */
    apiKeySecret: string | undefined;
    /** Where generated key material lives (under DATA_DIR, outside the repository). */
    keysDir: string;
    initialAdminEmail: string;
    login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowSeconds: number; slowdownMs: number };
    /** External OIDC issuer; undefined when not configured. */
    oidc:
      | {
          issuer: string;
          jwksUrl: string;
          audience: string;
          algorithms: string[];
          emailClaim: string;
          clockToleranceSeconds: number;
          jwksCooldownSeconds: number;
        }
      | undefined;
  };
  rateLimit: { windowSeconds: number; perPrincipal: number; perAddress: number };
  flags: { scanIntervalMinutes: number };
  audit: {
    /** PEM or file path of the checkpoint signing key; undefined: generated under `auth.keysDir`. */
    signingKey: string | undefined;
    sealIntervalMs: number;
    sealBatchSize: number;
  };
  figures: { refreshMinutes: number; quartersKept: number; packScanIntervalSeconds: number };
  outbox: { relayIntervalMs: number; relayBatchSize: number };
  webhooks: {
    timeoutMs: number;
    /** Delay before each retry, in ms; its length is the number of retries. */
    retryScheduleMs: number[];
    allowPrivateTargets: boolean;
    /** CIDRs allowed although not public. */
    allowedCidrs: string[];
    /** Encryption key of the stored signing secrets; undefined (never in production): generated under `auth.keysDir`. */
    secretsKey: string | undefined;
  };
  intake: {
    /** Secret the per-partnership subject keys are derived from; undefined (never in production): generated under `auth.keysDir`. */
    subjectKeySecret: string | undefined;
    /** Where uploaded incident files wait for the worker (under DATA_DIR). */
    uploadsDir: string;
    /** Largest incident file an import accepts (413 beyond). */
    maxImportBytes: number;
  };
}

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `5s,5m,2h` -> [5000, 300000, 7200000]. */
export function parseDurationList(value: string): number[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(\d+)(ms|s|m|h)$/.exec(part);
      if (!match) throw new Error(`not a duration: ${part}`);
      return Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
    });
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    e.constraints ? Object.values(e.constraints).map((m) => (m.includes(e.property) ? m : `${e.property}: ${m}`)) : flatten(e.children ?? []),
  );
}

type Env = Record<string, string | undefined>;

/** The names of every variable the configuration reads. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((m) => m.propertyName),
  ),
];

/**
 * Validates the environment and returns the typed configuration; throws
 * ConfigError naming every offending variable. Unknown variables are ignored
 * (the process environment holds many that are not ours).
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    if (value !== undefined) raw[key] = value;
  }
  const parsed = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: true });
  const problems = flatten(errors);
  const production = parsed.NODE_ENV === 'production';
  if (production) {
    if (!parsed.DATABASE_URL) problems.push('DATABASE_URL is required when NODE_ENV=production');
    // Each process holds only its own role's credentials (the API not the worker's): DATABASE_WORKER_PASSWORD
    // is required where it is used (the role bootstrap; the worker's scans fail to connect without it).
    for (const key of ['DATABASE_APP_PASSWORD', 'API_KEY_SECRET', 'WEBHOOK_SECRETS_KEY'] as const) {
      if (!parsed[key]) problems.push(`${key} is required when NODE_ENV=production`);
    }
    if (parsed.WEBHOOK_ALLOW_PRIVATE_TARGETS)
      problems.push('WEBHOOK_ALLOW_PRIVATE_TARGETS must not be set when NODE_ENV=production (use WEBHOOK_ALLOWED_CIDRS for a known internal range)');
  }
  const oidcVars = [parsed.OIDC_ISSUER, parsed.OIDC_JWKS_URL, parsed.OIDC_AUDIENCE];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    problems.push('OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE are set together (all three or none)');
  }
  const webOidcVars = [parsed.WEB_OIDC_ISSUER, parsed.WEB_OIDC_CLIENT_ID, parsed.WEB_OIDC_REDIRECT_URL];
  if ((webOidcVars.some(Boolean) || parsed.WEB_OIDC_CLIENT_SECRET) && !webOidcVars.every(Boolean)) {
    problems.push('WEB_OIDC_ISSUER, WEB_OIDC_CLIENT_ID and WEB_OIDC_REDIRECT_URL are set together (all three or none)');
  }
  if (production && [parsed.WEB_OIDC_ISSUER, parsed.WEB_OIDC_REDIRECT_URL].some((url) => url?.startsWith('http:'))) {
    problems.push('WEB_OIDC_ISSUER and WEB_OIDC_REDIRECT_URL must be https:// URLs when NODE_ENV=production');
  }
  for (const cidr of (parsed.WEBHOOK_ALLOWED_CIDRS ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)) {
    const [address = '', bits] = cidr.split('/');
    const family = isIP(address);
    if (!family || Number(bits) > (family === 4 ? 32 : 128)) problems.push(`WEBHOOK_ALLOWED_CIDRS: ${cidr} is not a valid CIDR`);
  }
  if (problems.length) throw new ConfigError(problems);

  const urlPassword = parsed.DATABASE_URL ? decodeURIComponent(new URL(parsed.DATABASE_URL).password) : '';
  // Outside production a role's password defaults to its name: fine for trust
  // or embedded clusters, never used in production (checked above).
  const cred = (user: string, password: string | undefined): DatabaseRoleCredentials => ({
    user,
    password: password ?? (production ? '' : user),
  });
  return {
    env: parsed.NODE_ENV,
    api: {
      host: parsed.HOST,
      port: parsed.PORT,
      bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
      trustProxy: parsed.TRUST_PROXY,
      publicUrl: parsed.PUBLIC_URL ?? `http://${parsed.HOST === '0.0.0.0' ? 'localhost' : parsed.HOST}:${parsed.PORT}`,
    },
    worker: {
      port: parsed.WORKER_PORT,
      concurrency: parsed.WORKER_CONCURRENCY,
      heartbeatIntervalSeconds: parsed.HEARTBEAT_INTERVAL_SECONDS,
    },
    web: {
      port: parsed.WEB_PORT,
      apiUrl: (parsed.API_URL ?? `http://${parsed.HOST === '0.0.0.0' ? '127.0.0.1' : parsed.HOST}:${parsed.PORT}`).replace(/\/+$/, ''),
      sessionTtlSeconds: parsed.WEB_SESSION_TTL_SECONDS,
      secureCookies: parsed.NODE_ENV === 'production',
      forwardingSecret: parsed.CONSOLE_FORWARDING_SECRET,
      oidc:
        parsed.WEB_OIDC_ISSUER && parsed.WEB_OIDC_CLIENT_ID && parsed.WEB_OIDC_REDIRECT_URL
          ? {
              issuer: parsed.WEB_OIDC_ISSUER,
              clientId: parsed.WEB_OIDC_CLIENT_ID,
              clientSecret: parsed.WEB_OIDC_CLIENT_SECRET,
              redirectUrl: parsed.WEB_OIDC_REDIRECT_URL,
            }
          : undefined,
    },
    database: {
      url: parsed.DATABASE_URL,
      owner: cred(parsed.DATABASE_OWNER_USER, parsed.DATABASE_OWNER_PASSWORD ?? (urlPassword || undefined)),
      app: cred(parsed.DATABASE_APP_USER, parsed.DATABASE_APP_PASSWORD),
      worker: cred(parsed.DATABASE_WORKER_USER, parsed.DATABASE_WORKER_PASSWORD),
      poolSize: parsed.DATABASE_POOL_SIZE,
      ssl: parsed.DATABASE_SSL,
    },
    embedded: { port: parsed.EMBEDDED_POSTGRES_PORT, dataDir: parsed.DATA_DIR },
    redis: { url: parsed.REDIS_URL, prefix: parsed.QUEUE_PREFIX },
    log: { level: parsed.LOG_LEVEL, levelSet: Boolean(env.LOG_LEVEL), pretty: parsed.LOG_PRETTY },
    metrics: { enabled: Boolean(parsed.METRICS_TOKEN) || !production, token: parsed.METRICS_TOKEN },
    auth: {
      tokenTtlSeconds: parsed.AUTH_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: parsed.AUTH_REFRESH_TOKEN_TTL_SECONDS,
      refreshFamilyTtlSeconds: parsed.AUTH_REFRESH_FAMILY_TTL_SECONDS,
      signingKey: parsed.AUTH_SIGNING_KEY,
      apiKeySecret: parsed.API_KEY_SECRET,
      keysDir: join(parsed.DATA_DIR, 'keys'),
      initialAdminEmail: parsed.INITIAL_ADMIN_EMAIL.toLowerCase(),
      login: {
        maxFailuresPerAccount: parsed.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: parsed.LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowSeconds: parsed.LOGIN_FAILURE_WINDOW_SECONDS,
        slowdownMs: parsed.LOGIN_SLOWDOWN_MS,
      },
      oidc:
        parsed.OIDC_ISSUER && parsed.OIDC_JWKS_URL && parsed.OIDC_AUDIENCE
          ? {
              issuer: parsed.OIDC_ISSUER,
              jwksUrl: parsed.OIDC_JWKS_URL,
              audience: parsed.OIDC_AUDIENCE,
              algorithms: parsed.OIDC_ALGORITHMS.split(','),
              emailClaim: parsed.OIDC_EMAIL_CLAIM,
              clockToleranceSeconds: parsed.OIDC_CLOCK_TOLERANCE_SECONDS,
              jwksCooldownSeconds: parsed.OIDC_JWKS_COOLDOWN_SECONDS,
            }
          : undefined,
    },
    rateLimit: {
      windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS,
      perPrincipal: parsed.RATE_LIMIT_PER_PRINCIPAL,
      perAddress: parsed.RATE_LIMIT_PER_ADDRESS,
    },
    flags: { scanIntervalMinutes: parsed.SCAN_INTERVAL_MINUTES },
    audit: { signingKey: parsed.AUDIT_SIGNING_KEY, sealIntervalMs: parsed.AUDIT_SEAL_INTERVAL_MS, sealBatchSize: parsed.AUDIT_SEAL_BATCH_SIZE },
    figures: {
      refreshMinutes: parsed.FIGURES_REFRESH_MINUTES,
      quartersKept: parsed.FIGURES_QUARTERS_KEPT,
      packScanIntervalSeconds: parsed.PACK_SCAN_INTERVAL_SECONDS,
    },
    outbox: { relayIntervalMs: parsed.OUTBOX_RELAY_INTERVAL_MS, relayBatchSize: parsed.OUTBOX_RELAY_BATCH_SIZE },
    webhooks: {
      timeoutMs: parsed.WEBHOOK_TIMEOUT_SECONDS * 1000,
      retryScheduleMs: parseDurationList(parsed.WEBHOOK_RETRY_SCHEDULE),
      allowPrivateTargets: parsed.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      allowedCidrs: (parsed.WEBHOOK_ALLOWED_CIDRS ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      secretsKey: parsed.WEBHOOK_SECRETS_KEY,
    },
    intake: { subjectKeySecret: parsed.SUBJECT_KEY_SECRET, uploadsDir: join(parsed.DATA_DIR, 'imports'), maxImportBytes: parsed.IMPORT_MAX_BYTES },
  };
}

/** Environment for a child process of ours (the dev launcher starts the API and worker). */
export function childProcessEnv(overrides: Env, omit: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  for (const key of omit) delete env[key];
  return env;
}

/**
 * For a process's entry point: the validated configuration, or the problems
 * printed (each naming its variable, no stack trace) and the process ended.
 */
export function loadConfigOrExit(processName: string, env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${processName}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
