import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './webhook-targets';

export interface WebhookRequest {
  url: string;
  /** The checked address to connect to (the name is not resolved again: no rebinding between check and connect). */
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  /** HTTP status, or null when no response arrived (refused, reset, timed out). */
  status: number | null;
  headers: IncomingHttpHeaders;
  error: string | null;
}

/** How much of a receiver's answer is read (then dropped): receivers answer with a status, not a body. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one webhook: to the pinned address, with an overall deadline
 * (connect, send and response together), no redirects followed.
 */
export function postWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  return new Promise((resolve) => {
    const url = new URL(req.url);
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [req.address]);
      else callback(null, req.address.address, req.address.family);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (result: WebhookResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        lookup: pinned,
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => finish({ status: res.statusCode ?? null, headers: res.headers, error: null });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy(new Error(`no response within ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    outgoing.on('error', (err) => finish({ status: null, headers: {}, error: err.message }));
    outgoing.end(req.body);
  });
}
