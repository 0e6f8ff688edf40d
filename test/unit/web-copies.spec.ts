import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/audit/audit.types';
import { AUDIT_ACTIONS as WEB_AUDIT_ACTIONS } from '../../web/src/features/settings/settings.types';

// The web app cannot import server code, so it keeps copies of a few lists; they must not drift.
describe('the web app’s copies of server lists', () => {
  it('should offer exactly the audit actions the server records', () => {
    expect([...WEB_AUDIT_ACTIONS].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});
