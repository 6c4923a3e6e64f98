import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, entryOf, type TestApp } from '@app/testing';
import { emitOpenApiDocument } from '../apps/api/src/openapi-document';
import { member } from './support/identity';

type Json = Record<string, unknown>;
type Operation = { parameters?: Json[]; responses: Record<string, Json>; requestBody?: Json; security?: Json[] };

/** Every schema node of the document (through properties, items and combinators). */
function* schemaNodes(node: unknown, path: string): Generator<[string, Json]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaNodes(item, `${path}[${i}]`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const json = node as Json;
  if (typeof json.type === 'string') yield [path, json];
  for (const [key, value] of Object.entries(json)) if (key !== 'example' && key !== 'examples') yield* schemaNodes(value, `${path}.${key}`);
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let served: Json & { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    t = await createTestApp();
    served = (await t.http.get('/docs/openapi.json').expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  const operations = () => Object.entries(served.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

  it('is emitted without a server exactly as it is served', async () => {
    assert.deepEqual(JSON.parse(JSON.stringify(await emitOpenApiDocument(t.config))), served);
  });

  it('documents problem+json errors, 404 with path ids, and rate-limit headers on every operation', () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      const needed = ['400', '429', ...(path.includes('{') ? ['404'] : []), ...(op.security?.some((s) => Object.keys(s).length) ? ['401', '403'] : [])];
      for (const status of needed) if (!op.responses[status]) wrong.push(`${name} does not document ${status}`);
      for (const [status, response] of Object.entries(op.responses)) {
        const content = response.content as Json | undefined;
        if (/^[45]/.test(status) && !content?.['application/problem+json']) wrong.push(`${name} ${status} is not problem+json`);
        if (/^[24]/.test(status) && !(response.headers as Json | undefined)?.['X-RateLimit-Limit']) wrong.push(`${name} ${status} has no rate-limit headers`);
      }
      if (op.responses['429'] && !(op.responses['429'].headers as Json)['Retry-After']) wrong.push(`${name} 429 has no Retry-After`);
      for (const parameter of op.parameters ?? []) {
        const schema = parameter.schema as Json | undefined;
        if (parameter.in === 'path' && (!schema || schema.type !== 'string' || !schema.maxLength))
          wrong.push(`${name} path parameter ${String(parameter.name)} has no schema`);
        // The partnership is named by id or by code; every other path id is a uuid.
        if (parameter.in === 'path' && parameter.name !== 'partnershipId' && String(parameter.name).endsWith('Id') && schema?.format !== 'uuid')
          wrong.push(`${name} ${String(parameter.name)} is not a uuid`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('limits every string and list, and closes every input object', () => {
    const wrong: string[] = [];
    for (const [path, schema] of schemaNodes(served, '$')) {
      if (schema.type === 'string' && schema.maxLength === undefined && schema.enum === undefined) wrong.push(`${path} has no maxLength`);
      if (schema.type === 'array' && schema.maxItems === undefined) wrong.push(`${path} has no maxItems`);
    }
    const schemas = (served.components as { schemas: Record<string, Json> }).schemas;
    for (const name of ['CreatePartnershipDto', 'TokenRequestDto', 'CreateStrategicAssessmentDto']) {
      assert.equal(entryOf(schemas, name).additionalProperties, false, `${name} refuses unknown fields`);
    }
    // Limits come from the validators where they say: a partnership code is at most 60 characters.
    assert.equal(entryOf(entryOf(schemas, 'CreatePartnershipDto').properties as Record<string, Json>, 'code').maxLength, 60);
    assert.deepEqual(wrong, []);
  });

  it('describes the rate-limit headers the API sends, on successes and refusals alike', async () => {
    const viewer = await member(t, 'cardiff', 'viewer');
    const ok = await t.http.get('/api/v1/partnerships/cardiff').set('authorization', viewer.auth).expect(200);
    const missing = await t.http
      .get('/api/v1/partnerships/cardiff/problems/0190b4a0-0000-7000-8000-000000000000')
      .set('authorization', viewer.auth)
      .expect(404);
    for (const res of [ok, missing]) {
      for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) assert.match(String(res.headers[header]), /^\d+$/, header);
    }
  });
});
