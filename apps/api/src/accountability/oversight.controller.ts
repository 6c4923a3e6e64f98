import { Body, Controller, Delete, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/core/security';
import { FiguresService } from '@app/domain/accountability';
import { OversightGrantsService } from '@app/domain/identity';
import { IdParam } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { CreateOversightGrantDto, OversightFiguresDto, OversightGrantDto, OversightGrantListDto, OversightQueryDto } from './accountability.dto';

@ApiTags('oversight')
@Controller()
export class OversightController {
  constructor(
    private readonly figures: FiguresService,
    private readonly grants: OversightGrantsService,
  ) {}

  @Get('oversight/figures')
  @Endpoint({
    allow: { oversight: true },
    summary: "Every partnership's figures side by side, with the all-Wales median, ranks and the trend by quarter",
    description:
      "For oversight principals (within their grant) and platform admins. Read from the quarters the worker materialises (FIGURES_REFRESH_MINUTES), for the whole quarters from `from`'s to `to`'s (default: the last four). Aggregates only; counts from 1 to 4, and cells that would reveal one by differencing, answer `{ suppressed: true }` (docs/figures.md).",
    ok: OversightFiguresDto,
    notFound: 'A partnership asked for is not within the grant (or does not exist).',
  })
  view(@CurrentPrincipal() principal: Principal, @Query() query: OversightQueryDto): Promise<OversightFiguresDto> {
    const scope = principal.kind === 'oversight' ? principal.oversight! : { all: true, partnershipIds: [] };
    return this.figures.oversight(scope, query) as Promise<OversightFiguresDto>;
  }

  @Get('oversight-grants')
  @Endpoint({ allow: {}, summary: 'List the oversight grants (platform admins)', ok: OversightGrantListDto })
  async list(): Promise<OversightGrantListDto> {
    return { items: await this.grants.list() };
  }

  @Post('oversight-grants')
  @Endpoint({
    allow: {},
    summary: 'Make a user an oversight principal (platform admins)',
    description:
      "For every partnership (`allPartnerships: true`, the national board) or the listed ones (a regional board); replaces the user's grant. The user then sees aggregated figures only: every partnership-scoped route answers them 404. 409 `platform-admin` for a platform admin. Audited.",
    created: OversightGrantDto,
    notFound: 'No such user.',
  })
  grant(@Body() body: CreateOversightGrantDto): Promise<OversightGrantDto> {
    return this.grants.grant(body);
  }

  @Delete('oversight-grants/:userId')
  @Endpoint({
    allow: {},
    summary: "End a user's oversight grant (platform admins)",
    description: 'Audited.',
    noContent: 'Revoked.',
    notFound: 'The user holds no grant.',
  })
  async revoke(@IdParam('userId', 'oversight grant') userId: string): Promise<void> {
    await this.grants.revoke(userId);
  }
}
