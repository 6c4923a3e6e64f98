import { Body, Controller, Delete, Get, Post, Query } from '@nestjs/common';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/core/security';
import { ApiKeysService } from '@app/domain/identity';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { pageOf } from '../common/page';
import { ApiKeyDto, ApiKeyPageDto, ApiKeyQueryDto, CreateApiKeyDto, CreatedApiKeyDto } from './identity.dto';

@ApiTags('api-keys')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @Endpoint({
    allow: {},
    summary: "List the partnership's API keys (admins)",
    description: 'Keys themselves are never shown again; only their prefix.',
    ok: ApiKeyPageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: ApiKeyQueryDto): Promise<ApiKeyPageDto> {
    return pageOf(await this.apiKeys.list(partnershipId, query), ApiKeyDto.from);
  }

  @IdempotencyUnsupported('the response shows the key once, and it is never stored')
  @Post()
  @Endpoint({
    allow: {},
    summary: 'Create an API key for a partner system (admins)',
    description: 'The key is in the response, this once.',
    created: CreatedApiKeyDto,
  })
  async create(@PartnershipId() partnershipId: string, @CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, apiKey } = await this.apiKeys.create(partnershipId, body, principal.userId ?? null);
    return { ...ApiKeyDto.from(apiKey), key };
  }

  // `keyId`, not `apiKeyId`: a path parameter named like a credential reads as one in the URL (OWASP API2).
  @Delete(':keyId')
  @Endpoint({
    allow: {},
    summary: 'Revoke an API key (admins)',
    description: 'Effective from the next request made with it.',
    params: [{ name: 'keyId', format: 'uuid', description: 'The id of the API key (never the key).' }],
    noContent: 'Revoked.',
  })
  async revoke(@PartnershipId() partnershipId: string, @IdParam('keyId', 'API key') apiKeyId: string): Promise<void> {
    await this.apiKeys.revoke(partnershipId, apiKeyId);
  }
}
