import { join } from 'node:path';

/** The compiled migration files: `<timestamp>-<Name>.js` in this folder. */
export const MIGRATIONS_GLOB = join(__dirname, '[0-9]*-*.js');
