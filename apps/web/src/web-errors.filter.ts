import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiFailure, PageError, SignInRequired, Web, type WebRequest } from './web';

/** Every failure as a page: sign-in again, not found, not allowed, or a plain apology (never a stack trace). */
@Catch()
export class WebErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('web');
  constructor(private readonly web: Web) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof SignInRequired) {
      if (req.web) {
        req.web.session = { csrf: req.web.session.csrf };
        await this.web.saveSession(req);
      }
      this.web.redirect(reply, `/sign-in?expired=1`);
      return;
    }
    const status =
      exception instanceof PageError || exception instanceof ApiFailure ? exception.status : exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (!req.web) {
      void reply.status(status).type('text/plain').send('Error');
      return;
    }
    if (status === 404 || status === 405) await this.web.renderError(req, reply, 404, 'error.notFound', 'error.notFoundBody');
    else if (status === 403) await this.web.renderError(req, reply, 403, 'error.forbidden', 'error.forbiddenBody');
    else if (status === 409 || status === 412) await this.web.renderError(req, reply, 409, 'error.conflict', 'error.csrfBody');
    else await this.web.renderError(req, reply, status >= 500 ? 500 : status, 'error.title', 'error.unavailableBody');
  }
}
