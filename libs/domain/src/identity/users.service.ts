import { Injectable } from '@nestjs/common';
import { Clock, TransactionHost, notFound, uuidv7 } from '@app/core';
import { AuditService } from '../audit';
import { IdentityErrors } from './identity.errors';
import { generatePassword, PasswordHasher } from './password-hasher';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

export interface CreateUserInput {
  email: string;
  displayName: string;
  /** Omitted: a random one-time password is generated and returned. */
  password?: string;
  platformAdmin?: boolean;
}

export const MIN_PASSWORD_LENGTH = 12;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function passwordTooShort() {
  return IdentityErrors.passwordTooShort.error(`A password has at least ${MIN_PASSWORD_LENGTH} characters.`);
}

/** Local accounts. Users are platform-wide (not owned by a partnership); their events go to the platform audit chain. */
@Injectable()
export class UsersService {
  readonly hasher = new PasswordHasher();

  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: UsersRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateUserInput): Promise<{ user: User; password: string }> {
    return this.tx.run(null, async () => {
      const email = normaliseEmail(input.email);
      if (await this.repository.emailTaken(email)) throw IdentityErrors.userExists.error(`A user with the e-mail ${email} already exists.`);
      const password = input.password ?? generatePassword();
      if (password.length < MIN_PASSWORD_LENGTH) throw passwordTooShort();
      const user = await this.repository.insert({
        id: uuidv7(),
        email,
        displayName: input.displayName.trim(),
        passwordHash: await this.hasher.hash(password),
        platformAdmin: input.platformAdmin ?? false,
      });
      await this.audit.record({
        action: 'user.created',
        partnershipId: null,
        target: { type: 'user', id: user.id },
        details: { platformAdmin: user.platformAdmin },
      });
      return { user, password };
    });
  }

  async get(id: string): Promise<User> {
    const user = await this.repository.find(id);
    if (!user) throw notFound('user');
    return user;
  }

  /** Another person's account, read by an admin: a read of personal data, audited. */
  async read(id: string): Promise<User> {
    const user = await this.get(id);
    await this.audit.record({ action: 'user.read', partnershipId: null, target: { type: 'user', id: user.id } });
    return user;
  }

  async findById(id: string): Promise<User | null> {
    return this.repository.find(id);
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.repository.findByEmail(normaliseEmail(email));
  }

  async findByExternalSubject(issuer: string, subject: string): Promise<User | null> {
    return this.repository.findByExternalSubject(issuer, subject);
  }

  /** Links an external identity (issuer + subject) to a local user the first time it signs in by e-mail. */
  async linkExternalIdentity(user: User, issuer: string, subject: string): Promise<void> {
    await this.repository.linkExternalIdentity(user.id, issuer, subject);
    await this.audit.record({
      action: 'user.external_identity_linked',
      partnershipId: null,
      target: { type: 'user', id: user.id },
      details: { issuer },
      actor: { type: 'user', id: user.id },
    });
  }

  /** One user's password hash, for the password check (the runtime roles cannot read the column). */
  async passwordHashOf(userId: string): Promise<string | null> {
    return this.repository.passwordHashOf(userId);
  }

  async changePassword(userId: string, current: string, next: string): Promise<void> {
    const user = await this.repository.find(userId);
    const hash = user ? await this.repository.passwordHashOf(user.id) : null;
    if (!hash || !(await this.hasher.verify(current, hash))) throw IdentityErrors.wrongPassword.error();
    if (next.length < MIN_PASSWORD_LENGTH) throw passwordTooShort();
    await this.repository.setPassword(userId, await this.hasher.hash(next), this.clock.now());
    await this.audit.record({ action: 'user.password_changed', partnershipId: null, target: { type: 'user', id: userId } });
  }

  async count(): Promise<number> {
    return this.tx.run(null, () => this.repository.count());
  }

  /**
   * On an empty database, creates the first platform admin and returns its
   * one-time password (to print once); otherwise returns null.
   */
  async ensureInitialAdmin(email: string): Promise<{ email: string; password: string } | null> {
    return this.tx.run(null, async () => {
      await this.repository.lockInitialAdmin();
      if ((await this.repository.count()) > 0) return null;
      const { user, password } = await this.create({ email, displayName: 'Platform administrator', platformAdmin: true });
      return { email: user.email, password };
    });
  }
}
