import { CommunityErrors } from './community.errors';
import type { Principal, Role } from '@app/core/security';
import { INTELLIGENCE_CUSTODIAN_ROLES, type HandlingCode } from './community.constants';

/** The handling of an item as given: a code, and for C its conditions and who (by role, by agency) may see it. */
export interface HandlingInput {
  handlingCode: HandlingCode;
  handlingConditions?: { text: string; roles?: Role[]; agencyIds?: string[] } | null;
}

export interface Handling {
  handlingCode: HandlingCode;
  handlingConditions: string | null;
  handlingRoles: Role[];
  handlingAgencyIds: string[];
}

/** Who is reading, as the handling rules see them. */
export interface Reader {
  userId: string | null;
  role: Role | null;
  agencyId: string | null;
  /** An admin or analyst of the partnership: reads every item. */
  custodian: boolean;
}

/**
 * The reader behind a request. Only people are readers of C-coded items
 * (an API key has no role or agency); a platform admin who is not a member
 * of the partnership has no role in it either, so reads only P-coded items.
 */
export function readerOf(principal: Principal | undefined): Reader {
  if (principal?.kind !== 'user') return { userId: null, role: null, agencyId: null, custodian: false };
  const role = principal.role ?? null;
  return {
    userId: principal.userId ?? null,
    role,
    agencyId: principal.agencyId ?? null,
    custodian: role !== null && (INTELLIGENCE_CUSTODIAN_ROLES as readonly string[]).includes(role),
  };
}

/**
 * Checks and normalises the handling of a new item: a C code needs its
 * conditions (422 `handling-conditions-required`); a P code takes none
 * (422 `handling-conditions-not-allowed`). Roles and agencies are kept
 * sorted and once each.
 */
export function checkHandling(input: HandlingInput): Handling {
  const conditions = input.handlingConditions ?? null;
  if (input.handlingCode === 'C') {
    const text = conditions?.text?.trim();
    if (!conditions || !text) {
      throw CommunityErrors.handlingConditionsRequired.error(
        'A C handling code (lawful sharing permitted with conditions) needs its conditions recorded: handlingConditions { text, roles?, agencyIds? }.',
        { handlingCode: 'C' },
      );
    }
    return {
      handlingCode: 'C',
      handlingConditions: text,
      handlingRoles: [...new Set(conditions.roles ?? [])].sort(),
      handlingAgencyIds: [...new Set((conditions.agencyIds ?? []).map((a) => a.toLowerCase()))].sort(),
    };
  }
  if (conditions) {
    throw CommunityErrors.handlingConditionsNotAllowed.error(
      'A P handling code (lawful sharing permitted) carries no conditions: use C to restrict who sees the item.',
      {
        handlingCode: 'P',
      },
    );
  }
  return { handlingCode: 'P', handlingConditions: null, handlingRoles: [], handlingAgencyIds: [] };
}

/**
 * Whether `reader` may read an item with this handling (the rule the
 * repository's SQL applies, `READABLE_SQL`): a P-coded item, every member
 * allowed on the route; a C-coded item, the custodians (admins and analysts),
 * the person who recorded it, and members who match its conditions: their
 * role among the roles named (when roles are named) and their agency among
 * the agencies named (when agencies are named). Conditions naming nobody
 * leave the item to the custodians.
 */
export function mayRead(item: Handling & { createdById: string | null }, reader: Reader): boolean {
  if (item.handlingCode === 'P') return true;
  if (reader.custodian) return true;
  if (reader.userId !== null && item.createdById === reader.userId) return true;
  const roles = item.handlingRoles;
  const agencies = item.handlingAgencyIds;
  if (!roles.length && !agencies.length) return false;
  if (roles.length && (reader.role === null || !roles.includes(reader.role))) return false;
  if (agencies.length && (reader.agencyId === null || !agencies.includes(reader.agencyId))) return false;
  return true;
}
