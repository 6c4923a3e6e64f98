import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@app/core';
import { AuthenticationService, type Credentials } from '@app/domain/identity';
import { partnershipParam, type ApiRequest } from './api-request';
import { AddressCounter } from './rate-limit.guard';

function credentialsOf(request: ApiRequest): Credentials | null {
  const header = request.headers.authorization;
  const apiKeyHeader = request.headers['x-api-key'];
  const apiKey = Array.isArray(apiKeyHeader) ? apiKeyHeader[0] : apiKeyHeader;
  let bearer: string | undefined;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    bearer = match ? match[1] : '\u0000invalid';
  }
  if (!bearer && !apiKey) return null;
  return { bearer, apiKey: apiKey?.trim() || undefined };
}

/**
 * First of the global guards: works out who the credentials claim to be
 * (local or external JWT, or API key) without the database and leaves it on
 * the request. It refuses nothing itself, so the rate limiter (next) can
 * count callers by who they claim to be, or by address when the
 * credentials cannot be valid; the access guard (last) answers 401/403/404.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const credentials = credentialsOf(request);
    if (!credentials) return true;
    const identified = await this.authentication.identify(credentials);
    if (identified) request.identified = identified;
    else request.invalidCredentials = true;
    return true;
  }
}

/**
 * Third of the global guards, after the rate limit: begins the request's
 * transaction (finished by the partnership context interceptor) and loads
 * the caller, the route's partnership and the membership in one statement.
 * Credentials the database refuses are counted against the address too.
 */
@Injectable()
export class RequestContextGuard implements CanActivate {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly addresses: AddressCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<ApiRequest>();
    if (!request.identified) return true;
    const authenticated = await this.authentication.load(request.identified, { partnership: partnershipParam(request) });
    if (authenticated) {
      request.principal = authenticated.principal;
      request.authenticated = authenticated;
    } else {
      request.invalidCredentials = true;
      await this.addresses.count(request);
    }
    return true;
  }
}
