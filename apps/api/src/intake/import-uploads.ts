import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { UnsupportedMediaTypeProblem, ValidationProblem, type AppConfig } from '@app/core';

/** The routes that take an incident file, as `text/csv` or as `multipart/form-data` with one `file` part. */
const UPLOAD_ROUTES = new Set(['/api/v1/partnerships/:partnershipId/incident-imports', '/api/v1/incident-imports']);

/** The one part of a multipart upload. */
export const FILE_PART = 'file';

const onlyFile = () =>
  new ValidationProblem([{ path: '(body)', message: `send one part, the file, named "${FILE_PART}"` }], 'The form must hold exactly one part: the file.');

/**
 * `multipart/form-data` for the import routes only (@fastify/multipart,
 * streamed: a part is read as it arrives, never buffered). Any other route
 * given a form answers 415 as before.
 */
export async function mountImportUploads(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(multipart, {
    // Our own count refuses a file larger than the limit (413); busboy stops one byte past it.
    limits: { files: 1, fields: 0, parts: 2, fileSize: config.intake.maxImportBytes + 1, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preValidation', async (request) => {
    if (request.isMultipart() && !UPLOAD_ROUTES.has(request.routeOptions.url ?? '')) {
      throw new UnsupportedMediaTypeProblem('This route reads JSON only.');
    }
  });
}

/** Maps the multipart plugin's errors to problems: too many parts or fields is a 400 naming the rule. */
function partsProblem(err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return onlyFile();
  if (code === 'FST_PROTO_VIOLATION' || code === 'FST_MP_PREMATURE_CLOSE')
    return new ValidationProblem([{ path: '(body)', message: (err as Error).message }], 'The form cannot be read.');
  return err;
}

/**
 * The file of an import request as a stream: the raw `text/csv` body, or
 * the single `file` part of a `multipart/form-data` body. `finish` is
 * called once the file has been read: it refuses a form with more parts
 * (400). Any other media type is 415.
 */
export async function uploadedFile(request: FastifyRequest): Promise<{ file: Readable; finish: () => Promise<void> }> {
  if (request.isMultipart()) {
    const parts = request.parts()[Symbol.asyncIterator]();
    let first;
    try {
      first = await parts.next();
    } catch (err) {
      throw partsProblem(err);
    }
    if (first.done || first.value.type !== 'file' || first.value.fieldname !== FILE_PART) throw onlyFile();
    return {
      file: first.value.file,
      finish: async () => {
        let more;
        try {
          more = await parts.next();
        } catch (err) {
          throw partsProblem(err);
        }
        if (!more.done) throw onlyFile();
      },
    };
  }
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') {
    throw new UnsupportedMediaTypeProblem(`Send the file as the body with Content-Type: text/csv, or as the "${FILE_PART}" part of multipart/form-data.`);
  }
  return { file: body, finish: async () => undefined };
}
