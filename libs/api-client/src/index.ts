import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';
/** The API's schemas by name, e.g. `Schemas['ProblemDto']`. */
export type Schemas = components['schemas'];
export type ApiClient = ReturnType<typeof createClient<paths>>;

export interface ApiClientOptions {
  /** A bearer token (an access token or an API key). */
  accessToken?: string;
  /** Headers sent with every request (e.g. Accept-Language, a request id). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/**
 * A client of the CSP tasking API typed from its OpenAPI document
 * (regenerate with `npm run api-client:generate`; CI checks it is current).
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  return createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), headers, fetch: options.fetch });
}

/** An RFC 9457 problem as the API answers it. */
export interface ApiProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

/** The last part of a problem `type` (e.g. `evaluation-required`). */
export function problemSlug(problem: Pick<ApiProblem, 'type'> | undefined | null): string {
  return (problem?.type ?? '').split('/').pop() ?? '';
}
