import type { ApiClient, Schemas } from '@app/api-client';
import type { Translator } from './i18n';
import { PageError, Web, type SessionMembership, type WebRequest } from './web';

/** What a page inside a partnership works with. */
export interface PartnershipContext {
  api: ApiClient;
  i18n: Translator;
  membership: SessionMembership;
  /** The partnership's code, as in the console's paths. */
  code: string;
  base: string;
  path: { partnershipId: string };
  can: { writeProblems: boolean; runMeetings: boolean; recordMinutes: boolean; updateActions: boolean; acknowledgeFlags: boolean; seePersonal: boolean };
  agencies(): Promise<Schemas['AgencyDto'][]>;
  agencyName(id: string | null | undefined): Promise<string>;
}

export async function partnershipContext(web: Web, req: WebRequest, code: string): Promise<PartnershipContext> {
  const api = await web.api(req);
  const membership = req.web.session.memberships?.find((m) => m.partnershipCode === code);
  if (!membership) throw new PageError(404);
  const path = { partnershipId: membership.partnershipId };
  let agencies: Promise<Schemas['AgencyDto'][]> | undefined;
  const load = () =>
    (agencies ??= api.GET('/api/v1/partnerships/{partnershipId}/agencies', { params: { path, query: { limit: 100 } } }).then((r) => web.ok(r).items));
  const role = membership.role;
  return {
    api,
    i18n: web.translator(req),
    membership,
    code,
    base: `/p/${encodeURIComponent(code)}`,
    path,
    can: {
      writeProblems: role === 'admin' || role === 'analyst',
      runMeetings: role === 'admin' || role === 'chair',
      recordMinutes: role === 'admin' || role === 'chair' || role === 'analyst',
      updateActions: role !== 'viewer',
      acknowledgeFlags: role === 'admin' || role === 'chair' || role === 'analyst',
      seePersonal: role === 'admin' || role === 'analyst' || role === 'chair',
    },
    agencies: load,
    async agencyName(id) {
      if (!id) return '';
      return (await load()).find((a) => a.id === id)?.name ?? web.translator(req).t('common.unknownAgency');
    },
  };
}

/** Administration pages are for the partnership's administrators only. */
export function requireAdmin(ctx: PartnershipContext): void {
  if (ctx.membership.role !== 'admin') throw new PageError(403);
}
