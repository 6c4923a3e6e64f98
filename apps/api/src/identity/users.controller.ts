import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { IdentityErrors, UsersService } from '@app/domain/identity';
import { IdParam } from '../common/edge';
import { CreatedUserDto, CreateUserDto, UserDto } from './identity.dto';

@ApiTags('identity')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @IdempotencyUnsupported('the request or response holds a password')
  @Post()
  @Allow({})
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a local account (platform admins)', description: 'Without a password, a one-time password is generated and returned once.' })
  @ApiCreatedResponse({ type: CreatedUserDto })
  @Refuses(IdentityErrors.userExists, IdentityErrors.passwordTooShort)
  async create(@Body() body: CreateUserDto): Promise<CreatedUserDto> {
    const { user, password } = await this.users.create(body);
    return { ...UserDto.from(user), ...(body.password ? {} : { oneTimePassword: password }) };
  }

  @Get(':userId')
  @Allow({})
  @ApiOperation({ summary: 'Get a user (platform admins)', description: 'Audited as a read of personal data.' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOkResponse({ type: UserDto })
  async get(@IdParam('userId') userId: string): Promise<UserDto> {
    return UserDto.from(await this.users.read(userId));
  }
}
