import { Command, Option } from 'nest-commander';
import { DomainError, ProblemException, TransactionHost } from '@app/core';
import { ROLES, SCOPES, type Role, type Scope } from '@app/core/security';
import { ApiKeysService, MembershipsService, UsersService } from '@app/domain/identity';
import { PartnershipsService } from '@app/domain/partnerships';
import { withDomainContext } from '../cli-context';
import { withServer } from '../database-tasks';
import { ConfiguredCommand } from '../configured-command';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Domain refusals (duplicates, rules) become plain messages on the command line. */
async function plainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ProblemException) throw new Error(String(err.toProblem().detail), { cause: err });
    if (err instanceof DomainError) throw new Error(err.detail, { cause: err });
    throw err;
  }
}

interface UserOptions {
  email: string;
  name?: string;
  platformAdmin?: boolean;
}

@Command({
  name: 'user-create',
  description: 'Create a local account and print its one-time password (--platform-admin for a platform admin)',
})
export class UserCreateCommand extends ConfiguredCommand {
  @Option({ flags: '--email <email>', description: 'E-mail address (the sign-in name)', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Display name (defaults to the e-mail address)' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--platform-admin', description: 'May act in every partnership and create partnerships and users' })
  parsePlatformAdmin(): boolean {
    return true;
  }

  async run(_args: string[], options: UserOptions): Promise<void> {
    await withServer(this.config, async (server) => {
      const { user, password } = await plainErrors(() =>
        withDomainContext(server.config, (ctx) =>
          ctx.get(UsersService).create({ email: options.email, displayName: options.name ?? options.email, platformAdmin: options.platformAdmin ?? false }),
        ),
      );
      say(`Created ${user.platformAdmin ? 'platform admin' : 'user'} ${user.email} (id ${user.id}).`);
      say(`One-time password (shown only now; change it with POST /api/v1/me/password): ${password}`);
    });
  }
}

interface MemberOptions {
  email: string;
  partnership: string;
  role: Role;
  agency?: string;
}

@Command({ name: 'member-add', description: 'Give a user a role in a partnership (partner members need --agency)' })
export class MemberAddCommand extends ConfiguredCommand {
  @Option({ flags: '--email <email>', description: "The user's e-mail address", required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--partnership <code>', description: 'Partnership code or id, e.g. cardiff', required: true })
  parsePartnership(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `One of ${ROLES.join(', ')}`, required: true })
  parseRole(value: string): Role {
    if (!(ROLES as readonly string[]).includes(value)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    return value as Role;
  }

  @Option({ flags: '--agency <name-or-id>', description: "The member's agency in that partnership (name or id)" })
  parseAgency(value: string): string {
    return value;
  }

  async run(_args: string[], options: MemberOptions): Promise<void> {
    await withServer(this.config, async (server) => {
      const member = await plainErrors(() =>
        withDomainContext(server.config, async (ctx) => {
          const tx = ctx.get(TransactionHost);
          const partnerships = ctx.get(PartnershipsService);
          const ref = await partnerships.resolve(options.partnership);
          if (!ref) throw new Error(`No partnership ${options.partnership}`);
          const user = await tx.run(null, () => ctx.get(UsersService).findByEmail(options.email));
          if (!user) throw new Error(`No user ${options.email}`);
          return tx.run(ref.id, async () => {
            let agencyId: string | undefined;
            if (options.agency) {
              const agencies = await partnerships.listAgencies(ref.id, { limit: 100 });
              const wanted = options.agency.toLowerCase();
              agencyId = agencies.items.find((a) => a.id === wanted || a.name.toLowerCase() === wanted)?.id;
              if (!agencyId) throw new Error(`No agency ${options.agency} in ${ref.code}`);
            }
            return ctx.get(MembershipsService).add(ref.id, { userId: user.id, role: options.role, agencyId });
          });
        }),
      );
      say(`${member.email} is now ${member.role} of ${options.partnership}.`);
    });
  }
}

interface ApiKeyOptions {
  partnership: string;
  name: string;
  scopes: Scope[];
}

@Command({ name: 'api-key-create', description: 'Create an API key for a partner system and print it (shown once)' })
export class ApiKeyCreateCommand extends ConfiguredCommand {
  @Option({ flags: '--partnership <code>', description: 'Partnership code or id, e.g. cardiff', required: true })
  parsePartnership(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'What the key is for, e.g. "Police incident feed"', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--scopes <list>', description: `Comma-separated: ${SCOPES.join(', ')}`, required: true })
  parseScopes(value: string): Scope[] {
    const scopes = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (!scopes.length || unknown.length) throw new Error(`--scopes takes ${SCOPES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
    return scopes as Scope[];
  }

  async run(_args: string[], options: ApiKeyOptions): Promise<void> {
    await withServer(this.config, async (server) => {
      const { key, apiKey } = await plainErrors(() =>
        withDomainContext(server.config, async (ctx) => {
          const ref = await ctx.get(PartnershipsService).resolve(options.partnership);
          if (!ref) throw new Error(`No partnership ${options.partnership}`);
          return ctx.get(TransactionHost).run(ref.id, () => ctx.get(ApiKeysService).create(ref.id, { name: options.name, scopes: options.scopes }, null));
        }),
      );
      say(`Created API key "${apiKey.name}" (${apiKey.prefix}..., scopes ${apiKey.scopes.join(', ')}) for ${options.partnership}.`);
      say(`Key (shown only now): ${key}`);
    });
  }
}
