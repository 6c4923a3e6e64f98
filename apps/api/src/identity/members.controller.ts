import { Body, Controller, Delete, Get, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '@app/core/pagination';
import { IdentityErrors, MembershipsService } from '@app/domain/identity';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { pageOf } from '../common/page';
import { AddMemberDto, MemberDto, MemberPageDto } from './identity.dto';

@ApiTags('members')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/members')
export class MembersController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @Endpoint({
    allow: { roles: 'any' },
    summary: "List the partnership's members",
    description: 'Names and e-mail addresses: every read is audited.',
    ok: MemberPageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: PageQueryDto): Promise<MemberPageDto> {
    return pageOf(await this.memberships.list(partnershipId, query), MemberDto.from);
  }

  @Post()
  @Endpoint({
    allow: {},
    summary: 'Add a member with a role (admins)',
    description: "The partner role needs one of the partnership's agencies.",
    created: MemberDto,
    refuses: [IdentityErrors.partnerNeedsAgency, IdentityErrors.memberExists],
  })
  async add(@PartnershipId() partnershipId: string, @Body() body: AddMemberDto): Promise<MemberDto> {
    return MemberDto.from(await this.memberships.add(partnershipId, body));
  }

  @Delete(':userId')
  @Endpoint({
    allow: {},
    summary: 'Remove a member (admins)',
    description: 'The last admin cannot be removed (422).',
    params: [{ name: 'userId', format: 'uuid' }],
    noContent: 'Removed.',
    refuses: [IdentityErrors.lastAdmin],
  })
  async remove(@PartnershipId() partnershipId: string, @IdParam('userId', 'member') userId: string): Promise<void> {
    await this.memberships.remove(partnershipId, userId);
  }
}
