import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { HttpCode } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CommonErrors, Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { Endpoint, resource } from './endpoint';
import { ApiIfMatch } from './etag';

class ThingDto {
  id: string;
}

const READ = { roles: 'any', scopes: ['problems:read'] } as const;
const THING_PARAM = { name: 'thingId', format: 'uuid', description: 'A thing.' };

/** The same routes declared decorator by decorator, and with @Endpoint. */
class Stacked {
  @Allow(READ)
  @HttpCode(200)
  @ApiOperation({ summary: 'Change a thing', description: 'Only the fields sent.' })
  @ApiParam(THING_PARAM)
  @ApiIfMatch('thing')
  @ApiOkResponse({ type: ThingDto })
  @ApiNotFoundResponse({ description: 'No such thing.' })
  @Refuses(CommonErrors.preconditionFailed, CommonErrors.notFound)
  change(): void {}

  @Allow({})
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a thing' })
  @ApiCreatedResponse({ type: ThingDto })
  add(): void {}

  @Allow({})
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a thing' })
  @ApiParam(THING_PARAM)
  @ApiNoContentResponse({ description: 'Removed.' })
  remove(): void {}
}

class Composed {
  @Endpoint({
    allow: READ,
    summary: 'Change a thing',
    description: 'Only the fields sent.',
    params: [THING_PARAM],
    ifMatch: 'thing',
    ok: ThingDto,
    notFound: 'No such thing.',
    refuses: [CommonErrors.preconditionFailed, CommonErrors.notFound],
  })
  change(): void {}

  @Endpoint({ allow: {}, summary: 'Add a thing', created: ThingDto })
  add(): void {}

  @Endpoint({ allow: {}, summary: 'Remove a thing', params: [THING_PARAM], noContent: 'Removed.' })
  remove(): void {}
}

function metadataOf(handler: object): Record<string, unknown> {
  return Object.fromEntries(Reflect.getMetadataKeys(handler).map((key: unknown) => [String(key), Reflect.getMetadata(key, handler) as unknown]));
}

describe('@Endpoint', () => {
  it('declares what the stacked decorators do, merged in the same order', () => {
    for (const name of ['change', 'add', 'remove'] as const) {
      const composed = metadataOf(Composed.prototype[name]);
      assert.deepEqual(composed, metadataOf(Stacked.prototype[name]), name);
      assert.ok(Object.keys(composed).length > 0, name);
    }
  });

  it('reads a resource as its path parameters and 404, and changes one as its path parameters and If-Match', () => {
    const thing = resource('thing', THING_PARAM);
    class Presets {
      @Endpoint({ allow: READ, summary: 'Get a thing', reads: thing, ok: ThingDto })
      read(): void {}

      @Endpoint({ allow: READ, summary: 'Change a thing', changes: thing, ok: ThingDto })
      change(): void {}
    }
    class Spelled {
      @Endpoint({ allow: READ, summary: 'Get a thing', params: [THING_PARAM], ok: ThingDto, notFound: 'No such thing in this partnership.' })
      read(): void {}

      @Allow(READ)
      @HttpCode(200)
      @ApiOperation({ summary: 'Change a thing' })
      @ApiIfMatch('thing')
      @ApiParam(THING_PARAM)
      @ApiOkResponse({ type: ThingDto })
      change(): void {}
    }
    for (const name of ['read', 'change'] as const) assert.deepEqual(metadataOf(Presets.prototype[name]), metadataOf(Spelled.prototype[name]), name);
  });

  it('names its resource once', () => {
    const thing = resource('thing', THING_PARAM);
    assert.throws(() => Endpoint({ allow: {}, summary: 'Both', reads: thing, changes: thing, ok: ThingDto }), /names its resource once/);
    assert.throws(() => Endpoint({ allow: {}, summary: 'And params', changes: thing, params: [THING_PARAM], ok: ThingDto }), /names its resource once/);
    assert.throws(() => Endpoint({ allow: {}, summary: 'And 404', reads: thing, notFound: 'Gone.', ok: ThingDto }), /names its resource once/);
  });

  it('takes exactly one success answer', () => {
    assert.throws(() => Endpoint({ allow: {}, summary: 'Nothing' }), /exactly one of ok, created, accepted and noContent/);
    assert.throws(() => Endpoint({ allow: {}, summary: 'Both', ok: ThingDto, created: ThingDto }), /exactly one/);
  });
});
