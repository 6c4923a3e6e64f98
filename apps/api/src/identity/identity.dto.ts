import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { ROLES, SCOPES, type Role, type Scope } from '@app/core/security';
import type { ApiKey, MemberView, MyMembership, User } from '@app/domain/identity';
import { OptionalString, OptionalUuid, toBoolean, trim, TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const GRANT_TYPES = ['password', 'refresh_token', 'token_exchange'] as const;

export class TokenRequestDto {
  /** `password` (e-mail and password), `refresh_token`, or `token_exchange` (a fresh token of the configured OpenID Connect issuer, e.g. the ID token of a console sign-in, for a local sign-in). */
  @ApiPropertyOptional({ default: 'password' })
  @IsOptional()
  @IsIn(GRANT_TYPES)
  grantType?: (typeof GRANT_TYPES)[number];

  /** Required for the password grant. */
  @ApiPropertyOptional({ example: 'analyst@cardiff.example.org' })
  @ValidateIf((o: TokenRequestDto) => (o.grantType ?? 'password') === 'password')
  @Transform(trim)
  @IsString()
  @MaxLength(320)
  email?: string;

  /** Required for the password grant. */
  @ApiPropertyOptional({ format: 'password' })
  @ValidateIf((o: TokenRequestDto) => (o.grantType ?? 'password') === 'password')
  @IsString()
  @MaxLength(1024)
  password?: string;

  /** Required for the refresh_token grant: the refresh token last returned. */
  @ValidateIf((o: TokenRequestDto) => o.grantType === 'refresh_token')
  @IsString()
  @MaxLength(200)
  refreshToken?: string;

  /** Required for the token_exchange grant: a JWT of the configured OpenID Connect issuer for this API (as a bearer would be), issued in the last two minutes, of a person linked to a local account (or whose e-mail is one, linked then). */
  @ValidateIf((o: TokenRequestDto) => o.grantType === 'token_exchange')
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  subjectToken?: string;
}

export class RevokeRequestDto {
  /** A refresh token of the session to end. */
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class TokenDto {
  /** A signed JWT (ES256); send it as `Authorization: Bearer <token>`. */
  accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  /** When the token stops working. */
  expiresAt: string;
  /** Single use: exchange it (grantType refresh_token) for a new access token and the next refresh token. */
  refreshToken: string;
  /** When the refresh token stops working. */
  refreshExpiresAt: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  email: string;
  displayName: string;
  platformAdmin: boolean;
  createdAt: string;

  static from(u: User): UserDto {
    return { id: u.id, email: u.email, displayName: u.displayName, platformAdmin: u.platformAdmin, createdAt: u.createdAt.toISOString() };
  }
}

export class MyMembershipDto {
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ example: 'cardiff' }) partnershipCode: string;
  partnershipName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid' }) agencyId: string | null;

  static from(m: MyMembership): MyMembershipDto {
    return { ...m };
  }
}

export class MeDto {
  user: UserDto;
  memberships: MyMembershipDto[];
}

export class CreateUserDto {
  @ApiProperty({ example: 'chair@newport.example.org' })
  @Transform(trim)
  @IsString()
  @MaxLength(320)
  @Matches(EMAIL, { message: 'email must be an e-mail address' })
  email: string;

  @TrimmedText(1, 200, 'Alex Morgan') displayName: string;

  /** At least 12 characters. Omitted: a one-time password is generated and returned once. */
  @ApiPropertyOptional({ format: 'password' })
  @OptionalString(1024)
  password?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  platformAdmin?: boolean;
}

export class CreatedUserDto extends UserDto {
  /** The generated password, shown this once (only when none was given). */
  oneTimePassword?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  email: string;
  displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  /** The member's agency (always set for partners). */
  @ApiProperty({ format: 'uuid' })
  agencyId: string | null;
  createdAt: string;

  static from(m: MemberView): MemberDto {
    return { ...m, createdAt: new Date(m.createdAt).toISOString() };
  }
}

export class MemberPageDto extends PageDto(MemberDto) {}

export class AddMemberDto {
  @IsUUID()
  userId: string;

  @IsIn(ROLES)
  role: Role;

  /** One of the partnership's agencies; required for the partner role. */
  @OptionalUuid() agencyId?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'South Wales Police incident feed' }) name: string;
  /** The visible start of the key. */
  @ApiProperty({ example: 'cspk_3F9a1c2B' }) prefix: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes: string[];
  @ApiProperty({ format: 'uuid' }) createdByUserId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;

  static from(k: ApiKey): ApiKeyDto {
    return fieldsOf(k, 'id', 'name', 'prefix', 'scopes', 'createdByUserId', 'createdAt', 'lastUsedAt', 'revokedAt');
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The key, shown this once: send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
  key: string;
}

export class ApiKeyPageDto extends PageDto(ApiKeyDto) {}

export class CreateApiKeyDto {
  @TrimmedText(2, 200, 'South Wales Police incident feed') name: string;

  /** A `:write` scope includes the matching `:read`. */
  @ApiProperty({ enum: SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCOPES.length)
  @IsIn(SCOPES, { each: true })
  scopes: Scope[];
}

export class ApiKeyQueryDto extends PageQueryDto {
  /** Include revoked keys. */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeRevoked?: boolean;
}
