import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { PtyAdapter } from './pty.adapter';
import { TerminalHost } from './terminal-host';
import { TerminalSessionsRepository } from './terminal-sessions.repository';
import { TerminalsService } from './terminals.service';
import { UsersRepository } from '../users/users.repository';

const actor: Identity = { kind: 'api-key', userId: 'u0', apiKeyId: 'k0', role: 'admin' };

function setup({ directory = true } = {}) {
  const sessions = {
    save: vi.fn().mockResolvedValue(undefined),
    get: vi.fn().mockResolvedValue(undefined),
    remove: vi.fn().mockResolvedValue(undefined),
    publishInput: vi.fn().mockResolvedValue(undefined),
    list: vi.fn().mockResolvedValue([]),
  };
  const host = { ownerId: 'replica-1', start: vi.fn() };
  const ptys = { defaultCwd: '/home/agented', isDirectory: vi.fn().mockResolvedValue(directory) };
  const audit = { record: vi.fn() };
  const users = { emailsOf: vi.fn().mockResolvedValue(new Map([['u0', 'owner@agented.test']])) };
  const sut = new TerminalsService(
    sessions as unknown as TerminalSessionsRepository,
    host as unknown as TerminalHost,
    ptys as unknown as PtyAdapter,
    audit as unknown as AuditService,
    users as unknown as UsersRepository,
  );
  return { sut, mocks: { sessions, host, ptys, audit, users } };
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
    mocks.sessions.get.mockResolvedValue({ id: 't1' });
    await sut.remove(actor, 't1');
    expect(mocks.sessions.remove).toHaveBeenCalledWith('t1');
    expect(mocks.audit.record).toHaveBeenCalledWith(actor, 'terminal.close', { type: 'terminal', id: 't1' });
    expect(mocks.sessions.publishInput).toHaveBeenCalledWith({ id: 't1', type: 'kill' });
  });

  it('should audit an admin attaching to another admin’s terminal, naming the owner, and not the owner', async () => {
    const { sut, mocks } = setup();
    mocks.sessions.get.mockResolvedValue({ id: 't1', userId: 'u0' });
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
    const session = {
      id: 't1',
      owner: 'replica-1',
      userId: 'u0',
      cwd: '/',
      cols: 80,
      rows: 24,
      createdAt: 'x',
    };
    mocks.sessions.list.mockResolvedValue([session, { ...session, id: 't2', userId: 'gone' }]);
    const listed = await sut.list();
    expect(listed.map((t) => [t.id, t.ownerId, t.ownerEmail])).toEqual([
      ['t1', 'u0', 'owner@agented.test'],
      ['t2', 'gone', null],
    ]);
  });
});
