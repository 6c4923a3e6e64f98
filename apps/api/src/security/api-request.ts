import type { FastifyRequest } from 'fastify';
import type { Principal } from '@app/core/security';
import type { Authenticated, Identified } from '@app/domain/identity';
import type { PartnershipRef } from '@app/domain/partnerships';

/** A Fastify request as the API's guards and interceptor leave it. */
export type ApiRequest = FastifyRequest & {
  partnership?: PartnershipRef;
  principal?: Principal;
  /** Who the credentials claim to be, checked without the database (set by the authentication guard). */
  identified?: Identified;
  /** Credentials were sent but are not valid (set by the authentication guard). */
  invalidCredentials?: boolean;
  /** The address the request counts against for rate limits and sign-in records (security/client-address.ts). */
  clientAddress?: string;
  /** What authentication loaded, with the request's transaction (set by the request context guard). */
  authenticated?: Authenticated;
};

/** The partnership id or code in the route, if the route is partnership-scoped. */
export function partnershipParam(request: ApiRequest): string | undefined {
  return (request.params as Record<string, string> | undefined)?.partnershipId;
}
