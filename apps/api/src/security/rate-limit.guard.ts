import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import type { AppConfig } from '@app/core';
import type { ApiRequest } from './api-request';

function tracker(request: ApiRequest): string {
  const p = request.principal;
  if (p?.kind === 'user' || p?.kind === 'oversight') return `user:${p.userId}`;
  if (p?.kind === 'api_key') return `key:${p.apiKeyId}`;
  return `address:${request.clientAddress ?? request.ip}`;
}

/**
 * The request rate limit, per user or API key, and per client address for
 * callers without valid credentials (including sign-in attempts). Runs after
 * the authentication guard so it knows the principal; counters live in Redis.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return tracker(req as unknown as ApiRequest);
  }

  /** One counter per caller across every route (not one per route). */
  protected override generateKey(_context: ExecutionContext, suffix: string, name: string): string {
    return `${name}:${suffix}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const url = context.switchToHttp().getRequest<ApiRequest>().url;
    return url.startsWith('/health/');
  }
}

export function throttlerOptions(config: AppConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const { windowSeconds, perPrincipal, perAddress } = config.rateLimit;
  return {
    storage,
    errorMessage: 'Too many requests; slow down and retry after the time in Retry-After.',
    throttlers: [
      {
        // 'default' keeps the header names plain: Retry-After, X-RateLimit-Limit...
        name: 'default',
        ttl: windowSeconds * 1000,
        limit: (context: ExecutionContext) => (context.switchToHttp().getRequest<ApiRequest>().principal ? perPrincipal : perAddress),
      },
    ],
  };
}
