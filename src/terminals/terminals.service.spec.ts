import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { newTestService } from '../../test/helpers/service-test';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { PtyAdapter } from './pty.adapter';
import { TerminalHost } from './terminal-host';
import { TerminalSession, TerminalSessionsRepository } from './terminal-sessions.repository';
import { TerminalsService } from './terminals.service';
import { UsersRepository } from '../users/users.repository';

const actor: Identity = { kind: 'api-key', userId: 'u0', apiKeyId: 'k0', role: 'admin' };

const stored = (changes: Partial<TerminalSession> = {}): TerminalSession => ({
  id: 't1',
  owner: 'replica-1',
  userId: 'u0',
  cwd: '/',
  cols: 80,
  rows: 24,
  createdAt: 'x',
  ...changes,
});

function setup({ directory = true } = {}) {
  const { sut, mocks } = newTestService(TerminalsService);
  const sessions = mocks.get(TerminalSessionsRepository);
  sessions.get.mockResolvedValue(undefined);
  sessions.list.mockResolvedValue([]);
  // A field and a getter: the automock holds methods only.
  const host = Object.assign(mocks.get(TerminalHost), { ownerId: 'replica-1' });
  const ptys = Object.assign(mocks.get(PtyAdapter), { defaultCwd: '/home/agented' });
  ptys.isDirectory.mockResolvedValue(directory);
  const users = mocks.get(UsersRepository);
  users.emailsOf.mockResolvedValue(new Map([['u0', 'owner@agented.test']]));
  return { sut, mocks: { sessions, host, ptys, audit: mocks.get(AuditService), users } };
}

describe(TerminalsService.name, () => {
  it('should open the shell in this replica, in the home directory by default, and audit it', async () => {
    const { sut, mocks } = setup();
    const { id } = await sut.create(actor, { cols: 80, rows: 24 });
    const session = { id, owner: 'replica-1', userId: 'u0', cwd: '/home/agented', cols: 80, rows: 24 };
    expect(mocks.sessions.save).toHaveBeenCalledWith(expect.objectContaining(session));
    expect(mocks.host.start).toHaveBeenCalledWith(expect.objectContaining(session));
    expect(mocks.audit.record).toHaveBeenCalledWith(
      actor,
      'terminal.open',
      { type: 'terminal', id },
      { cwd: '/home/agented' },
    );
  });

  it('should refuse a cwd that is not a directory before starting anything', async () => {
    const { sut, mocks } = setup({ directory: false });
    await expect(sut.create(actor, { cwd: '/nope', cols: 80, rows: 24 })).rejects.toBeInstanceOf(
      BadRequestException,
    );
    expect(mocks.host.start).not.toHaveBeenCalled();
    expect(mocks.sessions.save).not.toHaveBeenCalled();
  });

  it('should ask the owner to kill a session it removes, and 404 an unknown one', async () => {
    const { sut, mocks } = setup();
    await expect(sut.remove(actor, 't1')).rejects.toBeInstanceOf(NotFoundException);
    expect(mocks.audit.record).not.toHaveBeenCalled();
    mocks.sessions.get.mockResolvedValue(stored());
    await sut.remove(actor, 't1');
    expect(mocks.sessions.remove).toHaveBeenCalledWith('t1');
    expect(mocks.audit.record).toHaveBeenCalledWith(actor, 'terminal.close', { type: 'terminal', id: 't1' });
    expect(mocks.sessions.publishInput).toHaveBeenCalledWith({ id: 't1', type: 'kill' });
  });

  it('should audit an admin attaching to another admin’s terminal, naming the owner, and not the owner', async () => {
    const { sut, mocks } = setup();
    mocks.sessions.get.mockResolvedValue(stored({ userId: 'u0' }));
    await sut.admit(actor, 't1');
    expect(mocks.audit.record).not.toHaveBeenCalled();
    const other: Identity = { kind: 'api-key', userId: 'u9', apiKeyId: 'k9', role: 'admin' };
    await sut.admit(other, 't1');
    expect(mocks.audit.record).toHaveBeenCalledWith(
      other,
      'terminal.attach',
      { type: 'terminal', id: 't1' },
      { ownerId: 'u0' },
    );
  });

  it('should list each terminal with its owner', async () => {
    const { sut, mocks } = setup();
    mocks.sessions.list.mockResolvedValue([stored(), stored({ id: 't2', userId: 'gone' })]);
    const listed = await sut.list();
    expect(listed.map((t) => [t.id, t.ownerId, t.ownerEmail])).toEqual([
      ['t1', 'u0', 'owner@agented.test'],
      ['t2', 'gone', null],
    ]);
  });
});
