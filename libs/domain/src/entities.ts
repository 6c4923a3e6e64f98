import { WorkerHeartbeat } from './operations/worker-heartbeat.entity';
import { Agency } from './partnerships/agency.entity';
import { LocalAuthority } from './partnerships/local-authority.entity';
import { Partnership } from './partnerships/partnership.entity';

/** Every entity, listed explicitly (no globs): the apps, the CLI and migrations use this list. */
export const ENTITIES = [Partnership, Agency, LocalAuthority, WorkerHeartbeat];
