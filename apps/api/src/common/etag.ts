import type { FastifyReply } from 'fastify';

/** Strong ETag from a row version. */
export function etagOf(id: string, version: number): string {
  return `"${id}.${version}"`;
}

export function setEtag(reply: FastifyReply, id: string, version: number): void {
  void reply.header('etag', etagOf(id, version));
}
