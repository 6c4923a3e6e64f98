import type { FastifyRequest } from 'fastify';
import type { Principal } from '@app/core/security';
import type { Authenticated } from '@app/domain/identity';
import type { PartnershipRef } from '@app/domain/partnerships';

/** A Fastify request as the API's guards and interceptor leave it. */
export type ApiRequest = FastifyRequest & {
  partnership?: PartnershipRef;
  principal?: Principal;
  /** Credentials were sent but are not valid (set by the authentication guard). */
  invalidCredentials?: boolean;
  /** The address the request counts against for rate limits and sign-in records (security/client-address.ts). */
  clientAddress?: string;
  /** What authentication loaded, with the request's transaction (set by the authentication guard). */
  authenticated?: Authenticated;
};

/** The partnership id or code in the route, if the route is partnership-scoped. */
export function partnershipParam(request: ApiRequest): string | undefined {
  return (request.params as Record<string, string> | undefined)?.partnershipId;
}
