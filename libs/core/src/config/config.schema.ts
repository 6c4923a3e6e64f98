import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no', ''].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * The decorators as if stacked above a property in this order: applied from
 * the last up, as stacked decorators are, so the constraints (and the order
 * of their messages) are what the lines written out gave.
 */
const stacked =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorator of [...decorators].reverse()) decorator(target, property);
  };

/** A whole number from `min` to `max`, given as text. */
const IntegerBetween = (min: number, max: number) => stacked(Transform(toInt), IsInt(), Min(min), Max(max));

/** A boolean, given as true/1/yes or false/0/no (empty: false). */
const BooleanText = () => stacked(Transform(toBool), IsBoolean());

/** May be left unset, and empty text counts as unset; what follows checks a value that is set. */
const UnsetWhenEmpty = () => stacked(IsOptional(), Transform(emptyToUndefined));

/** A lower-case PostgreSQL role name. */
const RoleName = () =>
  stacked(IsString(), Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: ({ property }) => `${property} must be a lower-case PostgreSQL role name` }));

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the system reads. Each one is documented in the
 * README's configuration table; `loadConfig` turns them into typed namespaces.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @IntegerBetween(1, 65535)
  PORT = 3000;

  @IntegerBetween(1, 65535)
  WORKER_PORT = 3001;

  /** Port of the web console (apps/web). */
  @IntegerBetween(1, 65535)
  WEB_PORT = 3002;

  /** Where the web console reaches the API. Unset: http://HOST:PORT (the API beside it). */
  @UnsetWhenEmpty()
  @Matches(/^https?:\/\/.+/, { message: 'API_URL must be an http:// or https:// URL' })
  API_URL?: string;

  /** How long a console session lasts without use (it also ends when its refresh tokens do). */
  @IntegerBetween(60, 604800)
  WEB_SESSION_TTL_SECONDS = 43200;

  /**
   * A secret the console and the API share: with it the console tells the API
   * the address of the person signing in, so the per-address rate limit counts
   * people, not the console. Unset: the API ignores such headers.
   */
  @UnsetWhenEmpty()
  @Matches(/^[A-Za-z0-9_\-+/=]{32,}$/, { message: 'CONSOLE_FORWARDING_SECRET must be at least 32 characters of letters, digits or -_+/=' })
  CONSOLE_FORWARDING_SECRET?: string;

  /**
   * "Sign in with your organisation" in the console: the OpenID Connect issuer
   * it sends people to (authorization code with PKCE). Set with
   * WEB_OIDC_CLIENT_ID and WEB_OIDC_REDIRECT_URL to enable.
   */
  @UnsetWhenEmpty()
  @Matches(/^https?:\/\/.+/, { message: 'WEB_OIDC_ISSUER must be an http(s) URL' })
  WEB_OIDC_ISSUER?: string;

  /** The console's client id at WEB_OIDC_ISSUER. */
  @UnsetWhenEmpty()
  @IsString()
  @MaxLength(500)
  WEB_OIDC_CLIENT_ID?: string;

  /** The console's client secret at WEB_OIDC_ISSUER; unset: a public client (PKCE alone). */
  @UnsetWhenEmpty()
  @IsString()
  @MaxLength(500)
  WEB_OIDC_CLIENT_SECRET?: string;

  /** Where the issuer sends people back: the console's address followed by /sign-in/organisation/callback. */
  @UnsetWhenEmpty()
  @Matches(/^https?:\/\/[^?#]+\/sign-in\/organisation\/callback$/, {
    message: 'WEB_OIDC_REDIRECT_URL must be an http(s) URL ending in /sign-in/organisation/callback',
  })
  WEB_OIDC_REDIRECT_URL?: string;

  @UnsetWhenEmpty()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @RoleName()
  DATABASE_OWNER_USER = 'csp_owner';

  @IsOptional()
  @IsString()
  DATABASE_OWNER_PASSWORD?: string;

  @RoleName()
  DATABASE_APP_USER = 'csp_app';

  @IsOptional()
  @IsString()
  DATABASE_APP_PASSWORD?: string;

  @RoleName()
  DATABASE_WORKER_USER = 'csp_worker';

  @IsOptional()
  @IsString()
  DATABASE_WORKER_PASSWORD?: string;

  @IntegerBetween(1, 200)
  DATABASE_POOL_SIZE = 10;

  @BooleanText()
  DATABASE_SSL = false;

  @IntegerBetween(1, 65535)
  EMBEDDED_POSTGRES_PORT = 5433;

  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, - or _' })
  QUEUE_PREFIX = 'csp';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @BooleanText()
  LOG_PRETTY = false;

  @IntegerBetween(1024, 50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @BooleanText()
  TRUST_PROXY = false;

  @IntegerBetween(1, 86400)
  HEARTBEAT_INTERVAL_SECONDS = 60;

  @IntegerBetween(1, 64)
  WORKER_CONCURRENCY = 4;

  @UnsetWhenEmpty()
  @IsString()
  @MaxLength(200)
  PUBLIC_URL?: string;

  // --- Authentication -------------------------------------------------------

  /** Lifetime of the access tokens POST /auth/token issues. */
  @IntegerBetween(60, 86400)
  AUTH_TOKEN_TTL_SECONDS = 900;

  /** Lifetime of each refresh token (single use: each use returns the next one). */
  @IntegerBetween(60, 2592000)
  AUTH_REFRESH_TOKEN_TTL_SECONDS = 14400;

  /** Longest a sign-in lasts through refreshes before the person signs in again. */
  @IntegerBetween(60, 2592000)
  AUTH_REFRESH_FAMILY_TTL_SECONDS = 43200;

  /**
   * The ES256 private key that signs local access tokens: a PEM (PKCS#8) or
   * the path of a file holding one. Unset: generated on first start under
   * DATA_DIR/keys. Every API instance must use the same key.
   */
  @UnsetWhenEmpty()
  @IsString()
  AUTH_SIGNING_KEY?: string;

  /**
   * Server-side secret under which API keys are stored (HMAC-SHA-256), at
   * least 32 characters. Required in production; elsewhere generated on
   * first start under DATA_DIR/keys.
   */
  @UnsetWhenEmpty()
  @IsString()
  @MinLength(32)
  API_KEY_SECRET?: string;

  /**
   * Bearer token that GET /metrics (Prometheus, on the API and the worker)
   * requires, at least 16 characters. Unset: /metrics is open outside
   * production and answers 404 in production.
   */
  @UnsetWhenEmpty()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /** E-mail of the platform admin `npm start` creates on an empty database. */
  @IsString()
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'INITIAL_ADMIN_EMAIL must be an e-mail address' })
  INITIAL_ADMIN_EMAIL = 'admin@example.org';

  /**
   * Failed logins allowed per account from one client address within LOGIN_FAILURE_WINDOW_SECONDS
   * (then 429 for that pair); past as many from all addresses, sign-ins to the account are slowed.
   */
  @IntegerBetween(1, 10000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  /** Failed logins allowed per client address within LOGIN_FAILURE_WINDOW_SECONDS. */
  @IntegerBetween(1, 100000)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 20;

  @IntegerBetween(1, 86400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** Delay (ms) of every sign-in to an account under attack (more failures than LOGIN_MAX_FAILURES_PER_ACCOUNT). */
  @IntegerBetween(0, 30000)
  LOGIN_SLOWDOWN_MS = 2000;

  // --- External identity (OIDC) ---------------------------------------------

  /** Issuer (`iss`) of accepted external tokens; set with OIDC_JWKS_URL and OIDC_AUDIENCE to enable. */
  @UnsetWhenEmpty()
  @IsString()
  @MaxLength(500)
  OIDC_ISSUER?: string;

  @UnsetWhenEmpty()
  @Matches(/^https?:\/\/.+/, { message: 'OIDC_JWKS_URL must be an http(s) URL' })
  OIDC_JWKS_URL?: string;

  @UnsetWhenEmpty()
  @IsString()
  @MaxLength(500)
  OIDC_AUDIENCE?: string;

  /** Comma-separated signature algorithms accepted from the issuer (never `none` or HMAC). */
  @Matches(/^(RS256|RS384|RS512|PS256|PS384|PS512|ES256|ES384|ES512|EdDSA)(,(RS256|RS384|RS512|PS256|PS384|PS512|ES256|ES384|ES512|EdDSA))*$/, {
    message: 'OIDC_ALGORITHMS must be a comma-separated list of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA',
  })
  OIDC_ALGORITHMS = 'RS256';

  /** Token claim holding the e-mail that maps an external identity to a local user. */
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'OIDC_EMAIL_CLAIM must be a claim name' })
  OIDC_EMAIL_CLAIM = 'email';

  /** Leeway for exp/nbf of external tokens. */
  @IntegerBetween(0, 60)
  OIDC_CLOCK_TOLERANCE_SECONDS = 30;

  /** Minimum time between two fetches of the issuer's key set (an unknown `kid` triggers one). */
  @IntegerBetween(0, 3600)
  OIDC_JWKS_COOLDOWN_SECONDS = 5;

  // --- Rate limits ------------------------------------------------------------

  /** Window of the request rate limits. */
  @IntegerBetween(1, 3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests per window for one user or API key. */
  @IntegerBetween(1, 1_000_000)
  RATE_LIMIT_PER_PRINCIPAL = 600;

  /** Requests per window for one client address without valid credentials. */
  @IntegerBetween(1, 1_000_000)
  RATE_LIMIT_PER_ADDRESS = 120;

  // --- Audit trail --------------------------------------------------------------

  /**
   * The Ed25519 private key that signs audit checkpoints: a PEM (PKCS#8) or
   * the path of a file holding one. Unset: generated on first start under
   * DATA_DIR/keys. The worker signs with it and the API verifies with it, so
   * both must use the same key.
   */
  @UnsetWhenEmpty()
  @IsString()
  AUDIT_SIGNING_KEY?: string;

  /** How often the worker seals new audit rows into the hash chain when it found none last time (ms). */
  @IntegerBetween(50, 60_000)
  AUDIT_SEAL_INTERVAL_MS = 1000;

  /** Audit rows sealed per chain per transaction (each batch ends in one signed checkpoint). */
  @IntegerBetween(1, 100_000)
  AUDIT_SEAL_BATCH_SIZE = 1000;

  // --- Flags, outbox and webhooks ---------------------------------------------

  /** How often each flag scanner runs (minutes); `cli scan` runs them on demand. */
  @IntegerBetween(1, 1440)
  SCAN_INTERVAL_MINUTES = 15;

  /** How often the worker recomputes the materialised quarterly figures of every partnership (the oversight view). */
  @IntegerBetween(1, 1440)
  FIGURES_REFRESH_MINUTES = 60;

  /** How many quarters (the current one included) the worker keeps materialised. */
  @IntegerBetween(1, 40)
  FIGURES_QUARTERS_KEPT = 8;

  /** How often the worker looks for meeting packs to build (asked for, or a meeting opened or closed since). */
  @IntegerBetween(1, 3600)
  PACK_SCAN_INTERVAL_SECONDS = 10;

  /** How often the outbox relay looks for pending domain events when it found none last time. */
  @IntegerBetween(50, 60_000)
  OUTBOX_RELAY_INTERVAL_MS = 1000;

  /** Domain events the relay moves to the queue per transaction. */
  @IntegerBetween(1, 10_000)
  OUTBOX_RELAY_BATCH_SIZE = 500;

  /** Time allowed for one webhook delivery attempt (connect, send, response). */
  @IntegerBetween(1, 60)
  WEBHOOK_TIMEOUT_SECONDS = 15;

  /**
   * Delays before each retry of a failed webhook delivery, comma-separated,
   * each a number with ms, s, m or h. The default spans about 75 hours.
   */
  @Matches(/^\s*\d+(ms|s|m|h)(\s*,\s*\d+(ms|s|m|h)){0,29}\s*$/, {
    message: 'WEBHOOK_RETRY_SCHEDULE must be a comma-separated list of durations such as 5s,5m,2h (at most 30)',
  })
  WEBHOOK_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,14h,20h,24h';

  /** Allow webhook targets in loopback, private, link-local and other non-public ranges (never in production). */
  @BooleanText()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** Non-public ranges webhooks may target all the same, comma-separated CIDRs (e.g. an internal receiver). */
  @UnsetWhenEmpty()
  @Matches(/^[0-9a-fA-F:.]+\/\d{1,3}(\s*,\s*[0-9a-fA-F:.]+\/\d{1,3})*$/, {
    message: 'WEBHOOK_ALLOWED_CIDRS must be comma-separated CIDRs such as 10.20.0.0/16,fd00::/8',
  })
  WEBHOOK_ALLOWED_CIDRS?: string;

  /**
   * Key (at least 32 characters) under which webhook signing secrets are
   * stored encrypted (AES-256-GCM). Required in production; elsewhere
   * generated on first start under DATA_DIR/keys. The API and the worker
   * must share it.
   */
  @UnsetWhenEmpty()
  @IsString()
  @MinLength(32)
  WEBHOOK_SECRETS_KEY?: string;

  /**
   * Secret (at least 32 characters) from which each partnership's key for
   * the keyed hashes of incident subjects is derived (HMAC-SHA-256).
   * Required in production; elsewhere generated on first use under
   * DATA_DIR/keys. The API and the worker must share it; changing it makes
   * every stored subject hash unmatchable.
   */
  @UnsetWhenEmpty()
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET?: string;

  /** Largest incident file an import accepts, as a text/csv body or a multipart file part (413 beyond). */
  @IntegerBetween(1024, 16 * 1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 1024 * 1024 * 1024;
}
