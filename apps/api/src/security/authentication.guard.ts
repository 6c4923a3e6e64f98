import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@app/core';
import { AuthenticationService, type Credentials } from '@app/domain/identity';
import { partnershipParam, type ApiRequest } from './api-request';

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
 * First of the three global guards: works out who is calling (local or
 * external JWT, or API key) and leaves it on the request. It refuses
 * nothing itself, so the rate limiter (next) can count callers with bad
 * credentials by address; the access guard (last) answers 401/403/404.
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
    // Begins the request's transaction (finished by the partnership context interceptor).
    const authenticated = await this.authentication.authenticate(credentials, { partnership: partnershipParam(request) });
    if (authenticated) {
      request.principal = authenticated.principal;
      request.authenticated = authenticated;
    } else request.invalidCredentials = true;
    return true;
  }
}
