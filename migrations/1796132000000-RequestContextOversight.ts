import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * request_context() (one statement at the start of each request) also answers
 * the user's oversight grants, so a board member is recognised as an
 * oversight principal within the request's single transaction.
 */
export class RequestContextOversight1796132000000 implements MigrationInterface {
    name = 'RequestContextOversight1796132000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "request_context"(
                p_partnership_id uuid,
                p_partnership_code text,
                p_user_id uuid,
                p_key_hash text,
                p_now timestamptz,
                p_key_touch_after interval
            ) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                v_partnership_id uuid;
                v_partnership_code text;
                v_user jsonb;
                v_member jsonb;
                v_key jsonb;
                v_key_id uuid;
                v_key_partnership uuid;
                v_key_revoked timestamptz;
                v_key_used timestamptz;
            BEGIN
                IF p_partnership_id IS NOT NULL THEN
                    SELECT p.id, p.code INTO v_partnership_id, v_partnership_code FROM public.partnerships p WHERE p.id = p_partnership_id;
                ELSIF p_partnership_code IS NOT NULL THEN
                    SELECT p.id, p.code INTO v_partnership_id, v_partnership_code FROM public.partnerships p WHERE p.code = p_partnership_code;
                END IF;

                IF p_key_hash IS NOT NULL THEN
                    PERFORM set_config('app.api_key_hash', p_key_hash, true);
                    SELECT k.id, k.partnership_id, k.revoked_at, k.last_used_at, jsonb_build_object('id', k.id, 'partnershipId', k.partnership_id, 'scopes', to_jsonb(k.scopes), 'revoked', k.revoked_at IS NOT NULL)
                      INTO v_key_id, v_key_partnership, v_key_revoked, v_key_used, v_key
                      FROM public.api_keys k WHERE k.key_hash = p_key_hash;
                    PERFORM set_config('app.api_key_hash', '', true);
                    IF v_key_id IS NOT NULL AND v_key_revoked IS NULL AND (v_key_used IS NULL OR p_now - v_key_used >= p_key_touch_after) THEN
                        PERFORM set_config('app.partnership_id', v_key_partnership::text, true);
                        -- SKIP LOCKED: concurrent requests with the key never queue behind the one touching it.
                        UPDATE public.api_keys SET last_used_at = p_now
                         WHERE id = (SELECT k.id FROM public.api_keys k WHERE k.id = v_key_id AND k.revoked_at IS NULL FOR UPDATE SKIP LOCKED);
                    END IF;
                END IF;

                PERFORM set_config('app.partnership_id', coalesce(v_partnership_id::text, ''), true),
                        set_config('app.user_id', coalesce(p_user_id::text, ''), true);

                IF p_user_id IS NOT NULL THEN
                    SELECT jsonb_build_object(
                               'disabled', u.disabled_at IS NOT NULL,
                               'platformAdmin', u.platform_admin,
                               'passwordChangedAtSeconds', floor(extract(epoch FROM u.password_changed_at)),
                               'oversightAll', u.oversight_all,
                               'oversightPartnershipIds', to_jsonb(u.oversight_partnership_ids)
                           )
                      INTO v_user FROM public.users u WHERE u.id = p_user_id;
                    IF v_partnership_id IS NOT NULL THEN
                        SELECT jsonb_build_object('role', m.role, 'agencyId', m.agency_id)
                          INTO v_member FROM public.memberships m WHERE m.partnership_id = v_partnership_id AND m.user_id = p_user_id;
                    END IF;
                END IF;

                RETURN jsonb_build_object(
                    'partnership', CASE WHEN v_partnership_id IS NULL THEN NULL ELSE jsonb_build_object('id', v_partnership_id, 'code', v_partnership_code) END,
                    'user', v_user,
                    'membership', v_member,
                    'apiKey', v_key
                );
            END
            $$
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "request_context"(
                p_partnership_id uuid,
                p_partnership_code text,
                p_user_id uuid,
                p_key_hash text,
                p_now timestamptz,
                p_key_touch_after interval
            ) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                v_partnership_id uuid;
                v_partnership_code text;
                v_user jsonb;
                v_member jsonb;
                v_key jsonb;
                v_key_id uuid;
                v_key_partnership uuid;
                v_key_revoked timestamptz;
                v_key_used timestamptz;
            BEGIN
                IF p_partnership_id IS NOT NULL THEN
                    SELECT p.id, p.code INTO v_partnership_id, v_partnership_code FROM public.partnerships p WHERE p.id = p_partnership_id;
                ELSIF p_partnership_code IS NOT NULL THEN
                    SELECT p.id, p.code INTO v_partnership_id, v_partnership_code FROM public.partnerships p WHERE p.code = p_partnership_code;
                END IF;

                IF p_key_hash IS NOT NULL THEN
                    PERFORM set_config('app.api_key_hash', p_key_hash, true);
                    SELECT k.id, k.partnership_id, k.revoked_at, k.last_used_at, jsonb_build_object('id', k.id, 'partnershipId', k.partnership_id, 'scopes', to_jsonb(k.scopes), 'revoked', k.revoked_at IS NOT NULL)
                      INTO v_key_id, v_key_partnership, v_key_revoked, v_key_used, v_key
                      FROM public.api_keys k WHERE k.key_hash = p_key_hash;
                    PERFORM set_config('app.api_key_hash', '', true);
                    IF v_key_id IS NOT NULL AND v_key_revoked IS NULL AND (v_key_used IS NULL OR p_now - v_key_used >= p_key_touch_after) THEN
                        PERFORM set_config('app.partnership_id', v_key_partnership::text, true);
                        -- SKIP LOCKED: concurrent requests with the key never queue behind the one touching it.
                        UPDATE public.api_keys SET last_used_at = p_now
                         WHERE id = (SELECT k.id FROM public.api_keys k WHERE k.id = v_key_id AND k.revoked_at IS NULL FOR UPDATE SKIP LOCKED);
                    END IF;
                END IF;

                PERFORM set_config('app.partnership_id', coalesce(v_partnership_id::text, ''), true),
                        set_config('app.user_id', coalesce(p_user_id::text, ''), true);

                IF p_user_id IS NOT NULL THEN
                    SELECT jsonb_build_object(
                               'disabled', u.disabled_at IS NOT NULL,
                               'platformAdmin', u.platform_admin,
                               'passwordChangedAtSeconds', floor(extract(epoch FROM u.password_changed_at))
                           )
                      INTO v_user FROM public.users u WHERE u.id = p_user_id;
                    IF v_partnership_id IS NOT NULL THEN
                        SELECT jsonb_build_object('role', m.role, 'agencyId', m.agency_id)
                          INTO v_member FROM public.memberships m WHERE m.partnership_id = v_partnership_id AND m.user_id = p_user_id;
                    END IF;
                END IF;

                RETURN jsonb_build_object(
                    'partnership', CASE WHEN v_partnership_id IS NULL THEN NULL ELSE jsonb_build_object('id', v_partnership_id, 'code', v_partnership_code) END,
                    'user', v_user,
                    'membership', v_member,
                    'apiKey', v_key
                );
            END
            $$
        `);
    }
}
