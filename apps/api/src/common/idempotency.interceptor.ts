import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IS_PUBLIC, ProblemException, TransactionHost, RuleViolation, ValidationProblem, toProblem, type ProblemDetails } from '@app/core';
import { IdempotencyService, type StoredResponse } from '@app/domain/idempotency';
import type { ApiRequest } from '../security/api-request';

export const IDEMPOTENCY_UNSUPPORTED = 'csp:idempotency-unsupported';

/**
 * Marks a POST whose response cannot be stored for replay (it shows a secret
 * once): an `Idempotency-Key` on it is refused with 422 rather than silently ignored.
 */
export const IdempotencyUnsupported = (reason: string) => SetMetadata(IDEMPOTENCY_UNSUPPORTED, reason);

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Response headers a replay repeats. */
const REPLAYED_HEADERS = ['etag', 'location'];

/** Re-sends a stored problem exactly as it was first answered. */
class ReplayedProblem extends ProblemException {
  constructor(private readonly stored: ProblemDetails) {
    super(stored.status, 'replayed', stored.title, stored.detail);
  }
  override toProblem(): ProblemDetails {
    return this.stored;
  }
}

/**
 * `Idempotency-Key` on POST requests (API.md): the first request claims the
 * key; its response (success or client error) is stored and replayed, with
 * `Idempotent-Replayed: true`, for 24 hours to a retry with the same key and
 * body; another body with the same key is 422; a retry while the first still
 * runs is 409. A server error releases the key so the client can retry.
 * Registered before the partnership context interceptor, so claim and
 * completion are transactions of their own around the request's. The claim
 * runs on the request's own connection and is committed at once (visible to
 * a concurrent retry) before the request's work begins in a fresh
 * transaction there: one connection per request, never two at once.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
    private readonly tx: TransactionHost,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || request.method !== 'POST') return next.handle();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined || !KEY_PATTERN.test(key)) {
      throw new ValidationProblem([{ path: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }]);
    }
    const unsupported = this.reflector.getAllAndOverride<string | undefined>(IDEMPOTENCY_UNSUPPORTED, targets);
    if (unsupported) throw new RuleViolation('idempotency-not-supported', `Idempotency-Key is not supported here: ${unsupported}`);
    const principal = request.principal!;
    const caller = principal.kind !== 'api_key' ? { type: 'user' as const, id: principal.userId! } : { type: 'api_key' as const, id: principal.apiKeyId! };
    const partnershipId = request.partnership?.id ?? null;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const claimRequest = { partnershipId, caller, key, method: request.method, path: request.url, body: request.body };
    return from(this.handle(context, next, reply, claimRequest, request));
  }

  /** Claims the key: in the request's open transaction, committed at once, when authentication began one. */
  private async claim(claimRequest: Parameters<IdempotencyService['claim']>[0], request: ApiRequest) {
    const open = request.authenticated?.transaction;
    if (!open?.isOpen) return this.idempotency.claim(claimRequest);
    const claim = await this.tx.within(open, () => this.idempotency.claim(claimRequest));
    await open.checkpoint();
    return claim;
  }

  private async handle(
    context: ExecutionContext,
    next: CallHandler,
    reply: FastifyReply,
    claimRequest: Parameters<IdempotencyService['claim']>[0],
    request: ApiRequest,
  ): Promise<unknown> {
    const claim = await this.claim(claimRequest, request);
    if (claim.kind === 'replay') {
      const stored = claim.response;
      void reply.header('idempotent-replayed', 'true');
      for (const [name, value] of Object.entries(stored.headers)) void reply.header(name, value);
      // Bodies are stored as the JSON text first sent (older records hold the value itself).
      const text = typeof stored.body === 'string' ? stored.body : undefined;
      if (stored.status >= 400) throw new ReplayedProblem((text !== undefined ? JSON.parse(text) : stored.body) as ProblemDetails);
      if (text === undefined) return stored.body;
      // The stored bytes exactly (a jsonb value would come back with its keys reordered).
      void reply.header('content-type', 'application/json; charset=utf-8');
      return text;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (err) {
      await this.settleError(claim.id, claimRequest.partnershipId, err, claimRequest.path);
      throw err;
    }
    // Stored as the text Fastify sends (JSON.stringify, the serializer of routes without a response schema).
    const response: StoredResponse = {
      status: this.successStatus(context),
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: this.replayedHeaders(reply),
    };
    // The work is committed; if storing fails, a retry finds the key in flight until the claim counts as abandoned.
    await this.idempotency.complete(claim.id, claimRequest.partnershipId, response).catch(() => undefined);
    return body;
  }

  /**
   * Client errors are stored (a retry gets the same answer); server errors
   * release the key, and so does a request refused as invalid (400: the
   * validation pipe, or a rule on the input; nothing of it was committed), so
   * the corrected retry can use the same key, as Stripe does.
   */
  private async settleError(id: string, partnershipId: string | null, err: unknown, instance: string): Promise<void> {
    const problem = toProblem(err, instance);
    try {
      if (problem.status >= 500 || problem.status === 400) await this.idempotency.release(id, partnershipId);
      else await this.idempotency.complete(id, partnershipId, { status: problem.status, body: JSON.stringify(problem), headers: {} });
    } catch {
      // Best effort: an unsettled claim is taken over once abandoned.
    }
  }

  private successStatus(context: ExecutionContext): number {
    return this.reflector.get<number | undefined>('__httpCode__', context.getHandler()) ?? HttpStatus.CREATED;
  }

  private replayedHeaders(reply: FastifyReply): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    return headers;
  }
}
