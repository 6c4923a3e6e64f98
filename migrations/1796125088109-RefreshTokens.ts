import { SchemaChangeMigration, createIndex, createTable, foreignKey } from "./support";

/**
 * Refresh tokens (POST /api/v1/auth/token grantType refresh_token): SHA-256 of each
 * single-use token, grouped by the sign-in (family) they descend from. Platform-wide
 * like users (no partnership, so no row-level policy).
 */
export class RefreshTokens1796125088109 extends SchemaChangeMigration {
    name = 'RefreshTokens1796125088109'

    changes = [
        createTable('refresh_tokens', `
                "id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "family_id" uuid NOT NULL,
                "token_hash" text NOT NULL,
                "family_started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id")
        `),
        createIndex('refresh_tokens', 'ix_refresh_tokens_expires', ['expires_at']),
        createIndex('refresh_tokens', 'ix_refresh_tokens_user', ['user_id']),
        createIndex('refresh_tokens', 'ix_refresh_tokens_family', ['family_id']),
        createIndex('refresh_tokens', 'uq_refresh_tokens_token_hash', ['token_hash'], { unique: true }),
        foreignKey('refresh_tokens', 'FK_3ddc983c5f7bcf132fd8732c3f4', 'user_id', 'users', 'CASCADE'),
    ]
}
