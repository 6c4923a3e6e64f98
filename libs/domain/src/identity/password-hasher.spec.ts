import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { generatePassword, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ N: 1 << 10, r: 8, p: 1, keylen: 32 });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    assert.match(hash, /^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(await hasher.verify('correct horse battery staple', hash), true);
    assert.equal(await hasher.verify('correct horse battery stapler', hash), false);
  });

  it('salts every hash', async () => {
    assert.notEqual(await hasher.hash('same'), await hasher.hash('same'));
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    assert.equal(await hasher.verify('x', 'plain'), false);
    assert.equal(await hasher.verify('x', 'scrypt$0$8$1$AAAA$BBBB'), false);
  });

  it('generates long random passwords', () => {
    const a = generatePassword();
    assert.equal(a.length, 20);
    assert.notEqual(a, generatePassword());
  });
});
