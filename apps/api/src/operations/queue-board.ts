import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenProblem, toProblem, UnauthorizedProblem, type AppConfig } from '@app/core';
import { AuthenticationService } from '@app/domain/identity';
import { QUEUES, redisConnectionOptions } from '@app/queue';

/** Where Bull Board is served on the API: outside the REST API, for platform admins. */
export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'csp_queue_board';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function signInPage(message?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in: queues, CSP tasking</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 28rem; margin: 4rem auto; line-height: 1.5">
<h1>Background queues</h1>
<p>For platform admins of CSP tasking. Sign in with your account.</p>
${message ? `<p role="alert" style="color: #b10e1e; font-weight: bold">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${QUEUE_BOARD_PATH}/sign-in">
<p><label for="email">E-mail address</label><br><input id="email" name="email" type="email" autocomplete="username" required style="width: 100%"></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required style="width: 100%"></p>
<p><button type="submit">Sign in</button></p>
</form></body></html>`;
}

/**
 * Bull Board (queue depth, jobs, retries) at /admin/queues on the API, for
 * platform admins only. A browser signs in through a small form: the access
 * token it gets lives in an HttpOnly, SameSite=Strict cookie scoped to this
 * path, for the token's lifetime. Tools may send `Authorization: Bearer` instead.
 */
export async function mountQueueBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const connection = redisConnectionOptions(config, 'producer');
  const queues = Object.values(QUEUES).map((name) => {
    const queue = new Queue(name, { connection, prefix: config.redis.prefix });
    queue.on('error', () => undefined);
    return queue;
  });
  const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter, options: { uiConfig: { boardTitle: 'CSP tasking queues' } } });
  const auth = app.get(AuthenticationService);
  const secure = config.env === 'production';
  // Authentication opens the request's transaction; the board reads nothing else from the database.
  const principalOf = async (bearer: string) => {
    const found = await auth.authenticate({ bearer });
    if (!found) return null;
    await found.transaction.commit();
    return found.principal;
  };

  const refuse = (request: FastifyRequest, reply: FastifyReply, status: 401 | 403) => {
    if (request.method === 'GET' && /text\/html/.test(request.headers.accept ?? '')) {
      return reply.code(303).header('location', `${QUEUE_BOARD_PATH}/sign-in`).send();
    }
    const problem =
      status === 401
        ? new UnauthorizedProblem('Sign in as a platform admin to see the queues.')
        : new ForbiddenProblem('Only platform admins may see the queues.');
    return reply.code(status).header('content-type', 'application/problem+json').send(problem.toProblem(request.url));
  };

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith(`${QUEUE_BOARD_PATH}/sign-in`)) return;
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? cookie(request, COOKIE);
      const principal = bearer ? await principalOf(bearer) : null;
      if (!principal) return refuse(request, reply, 401);
      if (principal.kind !== 'user' || !principal.platformAdmin) return refuse(request, reply, 403);
    });
    scope.addHook('onClose', async () => {
      await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    });

    scope.get(`${QUEUE_BOARD_PATH}/sign-in`, async (_request, reply) => reply.type('text/html; charset=utf-8').send(signInPage()));
    scope.post<{ Body: Record<string, string | undefined> }>(`${QUEUE_BOARD_PATH}/sign-in`, async (request, reply) => {
      const { email = '', password = '' } = request.body ?? {};
      let token: string;
      try {
        const issued = await auth.loginWithoutRefresh(email, password, request.ip);
        token = issued.accessToken;
        const principal = await principalOf(token);
        if (!principal?.platformAdmin) {
          return reply.code(403).type('text/html; charset=utf-8').send(signInPage('This account is not a platform admin.'));
        }
        const maxAge = Math.max(0, Math.floor((issued.expiresAt.getTime() - Date.now()) / 1000));
        const attributes = [`Path=${QUEUE_BOARD_PATH}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`, ...(secure ? ['Secure'] : [])];
        return reply
          .code(303)
          .header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; ${attributes.join('; ')}`)
          .header('location', QUEUE_BOARD_PATH)
          .send();
      } catch (err) {
        // A refused sign-in (401, 429) is answered on the page; anything else (a 503 too) is thrown on.
        const { status } = toProblem(err);
        if (status >= 500) throw err;
        const message = status === 429 ? 'Too many attempts: wait a few minutes, then try again.' : 'The e-mail address or password is not right.';
        return reply.code(status).type('text/html; charset=utf-8').send(signInPage(message));
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
