// Changing what this executes changes landed migrations, which the guard refuses (see index.ts).

/** The oversight grants request_context() answers with the user since RequestContextOversight. */
const OVERSIGHT_FIELDS = [
  '',
  "                               'oversightAll', u.oversight_all",
  "                               'oversightPartnershipIds', to_jsonb(u.oversight_partnership_ids)",
].join(',\n');

/**
 * The statement creating request_context(): what a request needs to know about
 * its caller, in one statement at the start of the request's transaction (the
 * RequestContextFunction migration tells what it answers). `replace` makes it
 * CREATE OR REPLACE; `oversight` adds the user's oversight grants to the user
 * it answers.
 */
export function requestContextFunction({ replace, oversight }: { replace: boolean; oversight: boolean }): string {
  const create = replace ? 'CREATE OR REPLACE FUNCTION' : 'CREATE FUNCTION';
  return `
            ${create} "request_context"(
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
                               'passwordChangedAtSeconds', floor(extract(epoch FROM u.password_changed_at))${oversight ? OVERSIGHT_FIELDS : ''}
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
        `;
}
