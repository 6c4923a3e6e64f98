import { describe, expect, it } from '@jest/globals';
import { PartialType } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { dtoClassesOf, hardenOpenApiDocument, MAX_DOCUMENTED_STRING } from './openapi-hardening';

class HardeningLocationDto {
  @IsString()
  @MaxLength(80)
  label!: string;
}

class CreateHardeningThingDto {
  @IsString()
  @MaxLength(120)
  title!: string;

  @Matches(/^[a-z]{3}$/)
  code!: string;

  @ValidateNested()
  @Type(() => HardeningLocationDto)
  location!: HardeningLocationDto;
}

/** Validators of its own: none; all inherited. */
class UpdateHardeningThingDto extends PartialType(CreateHardeningThingDto) {}

function documentWith(schema: string): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': { patch: { requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } }, responses: {} } },
    },
    components: {
      schemas: {
        [schema]: {
          type: 'object',
          properties: { title: { type: 'string' }, code: { type: 'string' }, location: { $ref: '#/components/schemas/HardeningLocationDto' } },
        },
        HardeningLocationDto: { type: 'object', properties: { label: { type: 'string' } } },
      },
    },
  } as OpenAPIObject;
}

describe('the OpenAPI hardening', () => {
  it('documents the limits an update DTO inherits from its create DTO when a handler names it', () => {
    const hardened = hardenOpenApiDocument(documentWith('UpdateHardeningThingDto'), dtoClassesOf([String, UpdateHardeningThingDto]));
    const properties = hardened.components!.schemas!.UpdateHardeningThingDto as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties?: boolean;
    };

    expect(properties.properties.title).toEqual({ type: 'string', maxLength: 120 });
    expect(properties.properties.code).toEqual({ type: 'string', pattern: '^[a-z]{3}$', maxLength: MAX_DOCUMENTED_STRING });
    expect(properties.additionalProperties).toBe(false);
  });

  it('falls back to the outer limit for a class no handler names and that has no validators of its own', () => {
    const hardened = hardenOpenApiDocument(documentWith('UpdateHardeningThingDto'));
    const properties = (hardened.components!.schemas!.UpdateHardeningThingDto as { properties: Record<string, Record<string, unknown>> }).properties;

    expect(properties.title).toEqual({ type: 'string', maxLength: MAX_DOCUMENTED_STRING });
  });

  it('finds the classes nested in a handler’s parameter types, each once', () => {
    const found = dtoClassesOf([UpdateHardeningThingDto, CreateHardeningThingDto, CreateHardeningThingDto, Number, undefined]);

    expect(found).toEqual([UpdateHardeningThingDto, HardeningLocationDto, CreateHardeningThingDto]);
  });
});
