// Compiles the TypeScript (incrementally) into dist/ and rewrites the @app/*
// path aliases to relative paths, so `node dist/...` runs without a loader.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (script, args) => {
  const result = spawnSync(process.execPath, [require.resolve(script), ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('typescript/bin/tsc', ['-p', 'tsconfig.json']);
run('tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.json']);
