import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { effectiveScopes, scopesSatisfy } from './access';

describe('API key scopes', () => {
  it('grants the :read scope with its :write scope', () => {
    assert.deepEqual([...effectiveScopes(['problems:write', 'webhooks:manage'])].sort(), ['problems:read', 'problems:write', 'webhooks:manage']);
  });

  it('requires every scope a route names', () => {
    assert.equal(scopesSatisfy(['problems:write', 'tasking:read'], ['problems:read', 'tasking:read']), true);
    assert.equal(scopesSatisfy(['problems:read'], ['problems:write']), false);
    assert.equal(scopesSatisfy([], []), true);
  });
});
