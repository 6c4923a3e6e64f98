import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@app/core';
import { CurrentPrincipal, type Principal } from '@app/core/security';
import { AuthenticationService, IdentityErrors, MembershipsService, RefreshTokensService, TokensService, UsersService } from '@app/domain/identity';
import type { ApiRequest } from '../security/api-request';
import { ChangePasswordDto, MeDto, MyMembershipDto, RevokeRequestDto, TokenDto, TokenRequestDto, UserDto } from './identity.dto';
import { Endpoint } from '../common/endpoint';

@ApiTags('identity')
@Controller()
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly refreshTokens: RefreshTokensService,
  ) {}

  @Post('auth/token')
  @Public()
  @HttpCode(200)
  // A token response is never stored by caches on the way (RFC 6749 s.5.1).
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: "Sign in with e-mail and password, or an organisation's token; or refresh",
    description:
      'Returns a short-lived access token and a single-use refresh token. `grantType: refresh_token` exchanges a refresh token for a new pair; presenting a refresh token already used revokes every token of that sign-in (401). `grantType: token_exchange` signs in the person behind a token of the configured OpenID Connect issuer issued in the last two minutes (the console sends the ID token of a "sign in with your organisation"), so that sign-in refreshes like a password one; a token not valid for this API, not fresh, or of nobody known: 401. A wrong password and an unknown e-mail get the same 401. Failed attempts are limited per account and per address (429 with Retry-After).',
  })
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'The e-mail address or password is not right; the refresh token or the exchanged token is not valid.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins; see Retry-After.' })
  async token(@Req() req: ApiRequest, @Body() body: TokenRequestDto): Promise<TokenDto> {
    const address = req.clientAddress ?? req.ip;
    const issued =
      body.grantType === 'refresh_token'
        ? await this.authentication.refresh(body.refreshToken!)
        : body.grantType === 'token_exchange'
          ? await this.authentication.exchange(body.subjectToken!, address)
          : await this.authentication.login(body.email!, body.password!, address);
    return {
      accessToken: issued.accessToken,
      tokenType: 'Bearer',
      expiresAt: issued.expiresAt.toISOString(),
      refreshToken: issued.refreshToken,
      refreshExpiresAt: issued.refreshExpiresAt.toISOString(),
    };
  }

  @IdempotencyUnsupported('the request holds a refresh token')
  @Post('auth/revoke')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'End a session',
    description: 'Revokes the refresh token and every token of the same sign-in. An unknown or already revoked token is also answered 204.',
  })
  @ApiBody({ type: RevokeRequestDto })
  @ApiNoContentResponse({ description: 'Revoked.' })
  async revoke(@Body() body: RevokeRequestDto): Promise<void> {
    await this.refreshTokens.revoke(body.refreshToken);
  }

  @Get('auth/jwks.json')
  @Public()
  @ApiOperation({ summary: 'The public keys that verify the access tokens this API issues (JWKS)' })
  jwks() {
    return this.tokens.jwks();
  }

  @Get('me')
  @Endpoint({ allow: { anyUser: true }, summary: 'The signed-in user and their memberships', ok: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const user = await this.users.get(principal.userId!);
    const memberships = await this.memberships.forUser(user.id);
    return { user: UserDto.from(user), memberships: memberships.map(MyMembershipDto.from) };
  }

  @IdempotencyUnsupported('the request holds passwords')
  @Post('me/password')
  @Endpoint({
    allow: { anyUser: true },
    summary: 'Change your password',
    description: 'Access tokens issued before the change stop working.',
    noContent: 'Changed.',
    refuses: [IdentityErrors.wrongPassword, IdentityErrors.passwordTooShort],
  })
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(principal.userId!, body.currentPassword, body.newPassword);
  }
}
