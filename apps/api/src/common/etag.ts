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
 * `"<id>.<version>"`; undefined without the header; 412 when it names
 * another resource or is malformed.
 */
export function versionFromIfMatch(ifMatch: string | undefined, id: string, what: string): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"([0-9a-f-]{36})\.(\d+)"$/i.exec(ifMatch.trim());
  if (!match || match[1].toLowerCase() !== id.toLowerCase()) throw new PreconditionFailedProblem(`If-Match does not name the current version of this ${what}.`);
  return Number(match[2]);
}
