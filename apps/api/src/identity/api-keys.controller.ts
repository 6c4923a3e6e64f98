import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@app/core/security';
import { ApiKeysService } from '@app/domain/identity';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { ApiKeyDto, ApiKeyPageDto, ApiKeyQueryDto, CreateApiKeyDto, CreatedApiKeyDto } from './identity.dto';

@ApiTags('api-keys')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @Allow({})
  @ApiOperation({ summary: "List the partnership's API keys (admins)", description: 'Keys themselves are never shown again; only their prefix.' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: ApiKeyQueryDto): Promise<ApiKeyPageDto> {
    const page = await this.apiKeys.list(partnershipId, query);
    return { items: page.items.map(ApiKeyDto.from), nextCursor: page.nextCursor };
  }

  @IdempotencyUnsupported('the response shows the key once, and it is never stored')
  @Post()
  @Allow({})
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API key for a partner system (admins)', description: 'The key is in the response, this once.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@PartnershipId() partnershipId: string, @CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, apiKey } = await this.apiKeys.create(partnershipId, body, principal.userId ?? null);
    return { ...ApiKeyDto.from(apiKey), key };
  }

  // `keyId`, not `apiKeyId`: a path parameter named like a credential reads as one in the URL (OWASP API2).
  @Delete(':keyId')
  @Allow({})
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (admins)', description: 'Effective from the next request made with it.' })
  @ApiParam({ name: 'keyId', format: 'uuid', description: 'The id of the API key (never the key).' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  async revoke(@PartnershipId() partnershipId: string, @IdParam('keyId', 'API key') apiKeyId: string): Promise<void> {
    await this.apiKeys.revoke(partnershipId, apiKeyId);
  }
}
