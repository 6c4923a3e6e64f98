import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid } from '@app/core';
import { User } from './user.entity';

/** A new local account, as the users service writes it. */
export type NewUser = Pick<User, 'id' | 'email' | 'displayName' | 'platformAdmin'> & { passwordHash: string };

/**
 * Every query on the users table. The runtime roles read only the columns
 * the entity loads (`password_hash` through `passwordHashOf`).
 */
@Injectable()
export class UsersRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The user, or null (also for a malformed id). */
  find(id: string): Promise<User | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(User).findOneBy({ id });
  }

  /** The user, locked until the transaction ends, or null (also for a malformed id). */
  lock(id: string): Promise<User | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(User).findOne({ where: { id: id.toLowerCase() }, lock: { mode: 'pessimistic_write' } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.tx.manager.getRepository(User).findOneBy({ email });
  }

  findByExternalSubject(issuer: string, subject: string): Promise<User | null> {
    return this.tx.manager.getRepository(User).findOneBy({ externalIssuer: issuer, externalSubject: subject });
  }

  emailTaken(email: string): Promise<boolean> {
    return this.tx.manager.getRepository(User).existsBy({ email });
  }

  /** Writes the new account and returns it as stored. */
  insert(user: NewUser): Promise<User> {
    const repo = this.tx.manager.getRepository(User);
    return repo.save(repo.create({ ...user, externalIssuer: null, externalSubject: null, disabledAt: null, passwordChangedAt: null }));
  }

  async linkExternalIdentity(id: string, issuer: string, subject: string): Promise<void> {
    await this.tx.manager.getRepository(User).update({ id }, { externalIssuer: issuer, externalSubject: subject });
  }

  /**
   * One user's password hash: the runtime roles cannot read
   * `users.password_hash`; this SECURITY DEFINER function returns one row's
   * (see the LeastPrivilege migration).
   */
  async passwordHashOf(id: string): Promise<string | null> {
    const rows = await this.tx.manager.query<Array<{ hash: string | null }>>('SELECT csp_password_hash($1) AS hash', [id]);
    return rows[0]?.hash ?? null;
  }

  async setPassword(id: string, passwordHash: string, changedAt: Date): Promise<void> {
    await this.tx.manager.getRepository(User).update({ id }, { passwordHash, passwordChangedAt: changedAt });
  }

  /** Writes the user's oversight grant (the user was loaded and locked in this transaction). */
  async saveOversight(user: User, all: boolean, partnershipIds: string[]): Promise<void> {
    user.oversightAll = all;
    user.oversightPartnershipIds = partnershipIds;
    await this.tx.manager.getRepository(User).save(user);
  }

  /** Users holding an oversight grant, by e-mail address. */
  oversightHolders(): Promise<User[]> {
    return this.tx.manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.oversight_all OR cardinality(u.oversight_partnership_ids) > 0')
      .orderBy('u.email', 'ASC')
      .getMany();
  }

  count(): Promise<number> {
    return this.tx.manager.getRepository(User).count();
  }

  /** Serialises the creation of the first platform admin until the transaction ends. */
  async lockInitialAdmin(): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('initial-admin'))`);
  }
}
