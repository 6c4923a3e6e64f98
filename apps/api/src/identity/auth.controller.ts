import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@app/core';
import { Allow, CurrentPrincipal, type Principal } from '@app/core/security';
import { AuthenticationService, MembershipsService, TokensService, UsersService } from '@app/domain/identity';
import type { ApiRequest } from '../security/api-request';
import { ChangePasswordDto, MeDto, MyMembershipDto, TokenDto, TokenRequestDto, UserDto } from './identity.dto';

@ApiTags('identity')
@Controller()
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
  ) {}

  @Post('auth/token')
  @Public()
  @HttpCode(200)
  // A token response is never stored by caches on the way (RFC 6749 s.5.1).
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'Returns a short-lived access token. A wrong password and an unknown e-mail get the same 401. Failed attempts are limited per account and per address (429 with Retry-After).',
  })
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'The e-mail address or password is not right.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins; see Retry-After.' })
  async token(@Req() req: ApiRequest, @Body() body: TokenRequestDto): Promise<TokenDto> {
    const issued = await this.authentication.login(body.email, body.password, req.ip);
    return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresAt: issued.expiresAt.toISOString() };
  }

  @Get('auth/jwks.json')
  @Public()
  @ApiOperation({ summary: 'The public keys that verify the access tokens this API issues (JWKS)' })
  jwks() {
    return this.tokens.jwks();
  }

  @Get('me')
  @Allow({ anyUser: true })
  @ApiOperation({ summary: 'The signed-in user and their memberships' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const user = await this.users.get(principal.userId!);
    const memberships = await this.memberships.forUser(user.id);
    return { user: UserDto.from(user), memberships: memberships.map(MyMembershipDto.from) };
  }

  @IdempotencyUnsupported('the request holds passwords')
  @Post('me/password')
  @Allow({ anyUser: true })
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password', description: 'Access tokens issued before the change stop working.' })
  @ApiNoContentResponse({ description: 'Changed.' })
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(principal.userId!, body.currentPassword, body.newPassword);
  }
}
