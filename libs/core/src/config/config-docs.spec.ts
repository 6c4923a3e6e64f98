import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import { CONFIG_VARIABLES } from './config';

describe('configuration documentation', () => {
  it("documents every variable the configuration reads in the README's table", () => {
    // Compiled to dist/libs/core/src/config: the repository root is five levels up.
    const readme = readFileSync(resolve(__dirname, '../../../../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const missing = CONFIG_VARIABLES.filter((name) => !table.includes(`\`${name}\``));
    assert.deepEqual(missing, []);
  });
});
