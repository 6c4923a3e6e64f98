import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

/** The authenticated caller of the request (set by the access guard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  return request.principal;
});
