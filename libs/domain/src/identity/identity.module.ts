import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { PartnershipsModule } from '../partnerships';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthenticationService } from './authentication.service';
import { LoginThrottle } from './login-throttle.service';
import { MembershipsRepository } from './memberships.repository';
import { MembershipsService } from './memberships.service';
import { OidcVerifier } from './oidc-verifier.service';
import { RequestContextRepository } from './request-context.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RefreshTokensService } from './refresh-tokens.service';
import { OversightGrantsService } from './oversight-grants.service';
import { TokensService } from './tokens.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users, credentials, API keys and memberships. Needs the config, Redis and the core providers. */
@Module({
  imports: [AuditModule, PartnershipsModule],
  providers: [
    UsersRepository,
    MembershipsRepository,
    ApiKeysRepository,
    UsersService,
    MembershipsService,
    ApiKeysService,
    TokensService,
    OidcVerifier,
    LoginThrottle,
    RequestContextRepository,
    AuthenticationService,
    RefreshTokensRepository,
    RefreshTokensService,
    OversightGrantsService,
  ],
  exports: [UsersService, MembershipsService, ApiKeysService, TokensService, AuthenticationService, RefreshTokensService, AuditModule, OversightGrantsService],
})
export class IdentityModule {}

/** The identity services a command-line tool needs (no token signing, no sign-in throttle). */
@Module({
  imports: [AuditModule, PartnershipsModule],
  providers: [UsersRepository, MembershipsRepository, ApiKeysRepository, UsersService, MembershipsService, ApiKeysService],
  exports: [UsersService, MembershipsService, ApiKeysService],
})
export class IdentityAdminModule {}
