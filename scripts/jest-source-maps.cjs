// A Jest transform for code tsc already compiled: the code is unchanged, and the
// source map tsc wrote beside it (`file.js.map`) is handed to Jest so failures
// and stack traces point at the TypeScript source.
const { createHash } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');

module.exports = {
  process(code, filename) {
    const mapFile = `${filename}.map`;
    return existsSync(mapFile) ? { code, map: readFileSync(mapFile, 'utf8') } : { code };
  },
  getCacheKey(code, filename) {
    const mapFile = `${filename}.map`;
    const map = existsSync(mapFile) ? readFileSync(mapFile, 'utf8') : '';
    return createHash('sha256').update(filename).update('\0').update(code).update('\0').update(map).digest('hex');
  },
};
