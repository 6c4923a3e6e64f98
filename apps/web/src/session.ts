import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

export const SESSION_COOKIE = 'csp_session';

/** What the console keeps about a visitor, server-side only (the cookie holds only the id). */
export interface SessionData {
  csrf: string;
  userId?: string;
  displayName?: string;
  accessToken?: string;
  /** Epoch ms when the access token stops working. */
  accessExpiresAt?: number;
  refreshToken?: string;
  /** Signed in with the organisation: its ID token, the hint for ending the session at the issuer on sign-out. */
  organisationIdToken?: string;
  memberships?: {
    partnershipId: string;
    partnershipCode: string;
    partnershipName: string;
    role: 'admin' | 'analyst' | 'chair' | 'partner' | 'viewer';
    agencyId: string | null;
  }[];
  /** A started "sign in with your organisation", until the issuer sends the person back. */
  oidc?: { state: string; nonce: string; codeVerifier: string; startedAt: number };
  /** One message shown on the next page (after a redirect). */
  flash?: { key: string; params?: Record<string, string> };
}

export const newSessionId = () => randomBytes(32).toString('base64url');
export const newCsrfToken = () => randomBytes(32).toString('base64url');

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Sessions in Redis under `<prefix>:web:session:<id>`, expiring after the idle lifetime. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:web:session:${id}`;
  }

  async load(id: string | undefined): Promise<SessionData | null> {
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as SessionData) : null;
  }

  async save(id: string, data: SessionData): Promise<void> {
    await this.redis.set(this.key(id), JSON.stringify(data), 'EX', this.ttlSeconds);
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  /** A short lock so two pages of one session never use the same refresh token twice. */
  async lock(id: string): Promise<() => Promise<void>> {
    const key = `${this.key(id)}:lock`;
    const token = newCsrfToken();
    for (let i = 0; i < 40; i++) {
      if ((await this.redis.set(key, token, 'PX', 5000, 'NX')) === 'OK') {
        return async () => {
          if ((await this.redis.get(key)) === token) await this.redis.del(key);
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return async () => undefined;
  }
}
