import { Body, Controller, Get, Post } from '@nestjs/common';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { ApiTags } from '@nestjs/swagger';
import { IdentityErrors, UsersService } from '@app/domain/identity';
import { IdParam } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { CreatedUserDto, CreateUserDto, UserDto } from './identity.dto';

@ApiTags('identity')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @IdempotencyUnsupported('the request or response holds a password')
  @Post()
  @Endpoint({
    allow: {},
    summary: 'Create a local account (platform admins)',
    description: 'Without a password, a one-time password is generated and returned once.',
    created: CreatedUserDto,
    refuses: [IdentityErrors.userExists, IdentityErrors.passwordTooShort],
  })
  async create(@Body() body: CreateUserDto): Promise<CreatedUserDto> {
    const { user, password } = await this.users.create(body);
    return { ...UserDto.from(user), ...(body.password ? {} : { oneTimePassword: password }) };
  }

  @Get(':userId')
  @Endpoint({
    allow: {},
    summary: 'Get a user (platform admins)',
    description: 'Audited as a read of personal data.',
    params: [{ name: 'userId', format: 'uuid' }],
    ok: UserDto,
  })
  async get(@IdParam('userId') userId: string): Promise<UserDto> {
    return UserDto.from(await this.users.read(userId));
  }
}
