import { Injectable } from '@nestjs/common';
import { Clock, ConflictProblem, NotFoundProblem, RuleViolation, TransactionHost, isUuid, uuidv7 } from '@app/core';
import { AuditService } from '../audit/audit.service';
import { generatePassword, PasswordHasher } from './password-hasher';
import { User } from './user.entity';

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

/** Local accounts. Users are platform-wide (not owned by a partnership); their events go to the platform audit chain. */
@Injectable()
export class UsersService {
  readonly hasher = new PasswordHasher();

  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateUserInput): Promise<{ user: User; password: string }> {
    return this.tx.run(null, async () => {
      const repo = this.tx.manager.getRepository(User);
      const email = normaliseEmail(input.email);
      if (await repo.existsBy({ email })) throw new ConflictProblem('user-exists', `A user with the e-mail ${email} already exists.`);
      const password = input.password ?? generatePassword();
      if (password.length < MIN_PASSWORD_LENGTH) {
        throw new RuleViolation('password-too-short', `A password has at least ${MIN_PASSWORD_LENGTH} characters.`);
      }
      const user = await repo.save(
        repo.create({
          id: uuidv7(),
          email,
          displayName: input.displayName.trim(),
          passwordHash: await this.hasher.hash(password),
          platformAdmin: input.platformAdmin ?? false,
          externalIssuer: null,
          externalSubject: null,
          disabledAt: null,
          passwordChangedAt: null,
        }),
      );
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
    const user = isUuid(id) ? await this.tx.manager.getRepository(User).findOneBy({ id }) : null;
    if (!user) throw new NotFoundProblem('user');
    return user;
  }

  /** Another person's account, read by an admin: a read of personal data, audited. */
  async read(id: string): Promise<User> {
    const user = await this.get(id);
    await this.audit.record({ action: 'user.read', partnershipId: null, target: { type: 'user', id: user.id } });
    return user;
  }

  async findById(id: string): Promise<User | null> {
    return this.tx.manager.getRepository(User).findOneBy({ id });
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.tx.manager.getRepository(User).findOneBy({ email: normaliseEmail(email) });
  }

  async findByExternalSubject(issuer: string, subject: string): Promise<User | null> {
    return this.tx.manager.getRepository(User).findOneBy({ externalIssuer: issuer, externalSubject: subject });
  }

  /** Links an external identity (issuer + subject) to a local user the first time it signs in by e-mail. */
  async linkExternalIdentity(user: User, issuer: string, subject: string): Promise<void> {
    await this.tx.manager.getRepository(User).update({ id: user.id }, { externalIssuer: issuer, externalSubject: subject });
    await this.audit.record({
      action: 'user.external_identity_linked',
      partnershipId: null,
      target: { type: 'user', id: user.id },
      details: { issuer },
      actor: { type: 'user', id: user.id },
    });
  }

  /**
   * One user's password hash, for the password check: the runtime roles
   * cannot read `users.password_hash`; this SECURITY DEFINER function returns
   * one row's (see the LeastPrivilege migration).
   */
  async passwordHashOf(userId: string): Promise<string | null> {
    const rows = await this.tx.manager.query<Array<{ hash: string | null }>>('SELECT csp_password_hash($1) AS hash', [userId]);
    return rows[0]?.hash ?? null;
  }

  async changePassword(userId: string, current: string, next: string): Promise<void> {
    const repo = this.tx.manager.getRepository(User);
    const user = await repo.findOneBy({ id: userId });
    const hash = user ? await this.passwordHashOf(user.id) : null;
    if (!hash || !(await this.hasher.verify(current, hash))) {
      throw new RuleViolation('wrong-password', 'The current password is not right.');
    }
    if (next.length < MIN_PASSWORD_LENGTH) {
      throw new RuleViolation('password-too-short', `A password has at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    await repo.update({ id: userId }, { passwordHash: await this.hasher.hash(next), passwordChangedAt: this.clock.now() });
    await this.audit.record({ action: 'user.password_changed', partnershipId: null, target: { type: 'user', id: userId } });
  }

  async count(): Promise<number> {
    return this.tx.run(null, () => this.tx.manager.getRepository(User).count());
  }

  /**
   * On an empty database, creates the first platform admin and returns its
   * one-time password (to print once); otherwise returns null.
   */
  async ensureInitialAdmin(email: string): Promise<{ email: string; password: string } | null> {
    return this.tx.run(null, async () => {
      await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('initial-admin'))`);
      if ((await this.tx.manager.getRepository(User).count()) > 0) return null;
      const { user, password } = await this.create({ email, displayName: 'Platform administrator', platformAdmin: true });
      return { email: user.email, password };
    });
  }
}
