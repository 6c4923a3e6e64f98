import { errorCatalogue } from '@app/core';

/** Refusals of the identity context: users, memberships, credentials and oversight grants. */
export const IdentityErrors = errorCatalogue('identity', {
  userExists: { kind: 'conflict', summary: 'A user with that e-mail address already exists.' },
  passwordTooShort: { kind: 'rule', summary: 'A password has at least 12 characters.' },
  wrongPassword: { kind: 'rule', summary: 'The current password is not right.' },
  partnerNeedsAgency: { kind: 'rule', summary: "A member with the partner role belongs to one of the partnership's agencies." },
  memberExists: { kind: 'conflict', summary: 'The user is already a member of the partnership.' },
  lastAdmin: { kind: 'rule', summary: "The partnership's last admin cannot be removed." },
  platformAdmin: { kind: 'conflict', summary: 'A platform admin already sees every partnership; an oversight grant is for other users.' },
});
