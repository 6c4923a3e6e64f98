import type { ApiResponseOptions } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/** The formats documents (meeting packs, minutes, the annual report) are rendered in. */
export type DocumentFormat = 'pdf' | 'html';

const MEDIA_TYPES = { pdf: 'application/pdf', html: 'text/html' } as const;

/** The success answer of a route that sends a document, in each of `formats` (`ok: documentAnswer('The pack.', 'pdf')`). */
export function documentAnswer(description: string, ...formats: DocumentFormat[]): ApiResponseOptions {
  const schema = (format: DocumentFormat) => (format === 'pdf' ? { type: 'string' as const, format: 'binary' } : { type: 'string' as const });
  return { description, content: Object.fromEntries(formats.map((format) => [MEDIA_TYPES[format], { schema: schema(format) }])) };
}

/** Sends a rendered document: a PDF inline as `<filename>.pdf`, or HTML (UTF-8) to show as it is. */
export function sendDocument(reply: FastifyReply, doc: Buffer | string, format: DocumentFormat, filename: string): Buffer | string {
  if (format === 'html') {
    reply.header('content-type', 'text/html; charset=utf-8');
  } else {
    reply.header('content-type', MEDIA_TYPES.pdf);
    reply.header('content-disposition', `inline; filename="${filename}.pdf"`);
  }
  return doc;
}
