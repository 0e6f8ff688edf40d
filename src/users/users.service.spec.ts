import { ConflictException } from '@nestjs/common';
import { Transaction } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newTestService } from '../../test/helpers/service-test';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { Database, UserRow } from '../database/database.types';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const actor: Identity = { kind: 'api-key', userId: 'u0', apiKeyId: 'k0', role: 'admin' };
const user = (id: string, role: UserRow['role']): UserRow => ({
  id,
  email: `${id}@agented.test`,
  password_hash: 'hash',
  role,
  created_at: new Date(),
  updated_at: new Date(),
  tokens_valid_after: null,
});

/** A stand-in transaction: the mocked repository only passes it along. */
const trx = {} as Transaction<Database>;

function setup(rows: UserRow[]) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const adminIds = rows.filter((r) => r.role === 'admin').map((r) => r.id);
  const { sut, mocks } = newTestService(UsersService);
  const users = mocks.get(UsersRepository);
  users.withAdminsLocked.mockImplementation((work) => work(adminIds, trx));
  users.findById.mockImplementation((id) => Promise.resolve(byId.get(id)));
  // Like Kysely, an undefined field is left as it is.
  users.update.mockImplementation((id, changes) =>
    Promise.resolve({ ...byId.get(id)!, ...JSON.parse(JSON.stringify(changes)) }),
  );
  users.delete.mockResolvedValue(true);
  mocks.get(PasswordHasher).hash.mockResolvedValue('new-hash');
  return {
    sut,
    mocks: {
      users,
      sessions: mocks.get(SessionsService),
      passwords: mocks.get(PasswordHasher),
      audit: mocks.get(AuditService),
    },
  };
}

describe(UsersService.name, () => {
  it('should refuse to demote or delete the last admin', async () => {
    const { sut, mocks } = setup([user('a', 'admin'), user('v', 'viewer')]);
    await expect(sut.update(actor, 'a', { role: 'operator' })).rejects.toBeInstanceOf(ConflictException);
    await expect(sut.remove(actor, 'a')).rejects.toBeInstanceOf(ConflictException);
    expect(mocks.users.update).not.toHaveBeenCalled();
    expect(mocks.users.delete).not.toHaveBeenCalled();
  });

  it('should demote an admin while another remains, cutting its current tokens', async () => {
    const { sut, mocks } = setup([user('a', 'admin'), user('b', 'admin')]);
    await expect(sut.update(actor, 'a', { role: 'viewer' })).resolves.toMatchObject({ role: 'viewer' });
    expect(mocks.sessions.revokeAccessTokens).toHaveBeenCalledWith('a');
    expect(mocks.sessions.endAll).not.toHaveBeenCalled();
  });

  it('should end every session on a new password and never audit its value', async () => {
    const { sut, mocks } = setup([user('a', 'admin'), user('v', 'viewer')]);
    await sut.update(actor, 'v', { password: 'a new password' });
    expect(mocks.sessions.endAll).toHaveBeenCalledWith('v');
    expect(mocks.audit.record).toHaveBeenCalledWith(
      actor,
      'user.update',
      { type: 'user', id: 'v' },
      { password: 'changed' },
    );
    expect(JSON.stringify(mocks.audit.record.mock.calls)).not.toContain('a new password');
  });

  it('should delete a user and end its sessions', async () => {
    const { sut, mocks } = setup([user('a', 'admin'), user('v', 'viewer')]);
    await sut.remove(actor, 'v');
    expect(mocks.users.delete).toHaveBeenCalledWith('v', {});
    expect(mocks.sessions.endAll).toHaveBeenCalledWith('v');
  });
});
