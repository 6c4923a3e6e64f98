import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Refuses } from '@app/core';
import { PageQueryDto } from '@app/core/pagination';
import { Allow } from '@app/core/security';
import { IdentityErrors, MembershipsService } from '@app/domain/identity';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { AddMemberDto, MemberDto, MemberPageDto } from './identity.dto';

@ApiTags('members')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/members')
export class MembersController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @Allow({ roles: 'any' })
  @ApiOperation({ summary: "List the partnership's members", description: 'Names and e-mail addresses: every read is audited.' })
  @ApiOkResponse({ type: MemberPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: PageQueryDto): Promise<MemberPageDto> {
    const page = await this.memberships.list(partnershipId, query);
    return { items: page.items.map(MemberDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow({})
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a member with a role (admins)', description: "The partner role needs one of the partnership's agencies." })
  @ApiCreatedResponse({ type: MemberDto })
  @Refuses(IdentityErrors.partnerNeedsAgency, IdentityErrors.memberExists)
  async add(@PartnershipId() partnershipId: string, @Body() body: AddMemberDto): Promise<MemberDto> {
    return MemberDto.from(await this.memberships.add(partnershipId, body));
  }

  @Delete(':userId')
  @Allow({})
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (admins)', description: 'The last admin cannot be removed (422).' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @Refuses(IdentityErrors.lastAdmin)
  async remove(@PartnershipId() partnershipId: string, @IdParam('userId', 'member') userId: string): Promise<void> {
    await this.memberships.remove(partnershipId, userId);
  }
}
