import { ApiHeader } from '@nestjs/swagger';
import { PreconditionFailedProblem } from '@app/core';
import type { FastifyReply } from 'fastify';

/** Strong ETag from a row version. */
export function etagOf(id: string, version: number): string {
  return `"${id}.${version}"`;
}

export function setEtag(reply: FastifyReply, id: string, version: number): void {
  void reply.header('etag', etagOf(id, version));
}

/**
 * The version an `If-Match` header names, for ETags of the form
 * `"<id>.<version>"` (weak or strong); undefined without the header (or `*`). An
 * If-Match that names another resource, or is malformed, can never match: 412.
 */
export function ifMatchVersion(ifMatch: string | undefined, id: string): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const [, named, version] = /^(?:W\/)?"([0-9a-f-]{36})\.(\d+)"$/i.exec(ifMatch.trim()) ?? [];
  if (named === undefined || version === undefined || named.toLowerCase() !== id.toLowerCase()) {
    throw new PreconditionFailedProblem('If-Match does not name the current version of this resource.');
  }
  return Number(version);
}

/** Documents the optional `If-Match` header of a route that honours it. */
export function ApiIfMatch(of: string): MethodDecorator & ClassDecorator {
  return ApiHeader({ name: 'If-Match', required: false, description: `The ETag of the ${of} you last read: 412 when it has changed since.` });
}
