import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { UserRow } from '../database/database.types';
import { isUniqueViolation } from '../database/pg-errors';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from './password-hasher';
import { CreateUserDto, UpdateUserDto, UserResponse, mapUser } from './users.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserResponse[]> {
    return (await this.users.list()).map(mapUser);
  }

  async create(actor: Identity, dto: CreateUserDto): Promise<UserResponse> {
    const hash = await this.passwords.hash(dto.password);
    const row = await this.uniqueEmail(dto.email, () => this.users.create(dto.email, hash, dto.role));
    await this.audit.record(
      actor,
      'user.create',
      { type: 'user', id: row.id },
      { email: row.email, role: row.role },
    );
    return mapUser(row);
  }

  async update(actor: Identity, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const hash = dto.password === undefined ? undefined : await this.passwords.hash(dto.password);
    const { before, after } = await this.users.withAdminsLocked(async (adminIds, trx) => {
      const before = await this.users.findById(id, trx);
      if (!before) throw notFound(id);
      if (dto.role !== undefined && dto.role !== 'admin' && isLastAdmin(before, adminIds)) {
        throw new ConflictException('role: this is the last admin; make another user admin first');
      }
      const after = await this.uniqueEmail(dto.email, () =>
        this.users.update(id, { email: dto.email, role: dto.role, password_hash: hash }, trx),
      );
      return { before, after: after ?? before };
    });

    if (hash !== undefined) await this.sessions.endAll(id);
    else if (after.role !== before.role) await this.sessions.revokeAccessTokens(id);
    await this.audit.record(
      actor,
      'user.update',
      { type: 'user', id },
      changesOf(before, after, hash !== undefined),
    );
    return mapUser(after);
  }

  async remove(actor: Identity, id: string): Promise<void> {
    const removed = await this.users.withAdminsLocked(async (adminIds, trx) => {
      const user = await this.users.findById(id, trx);
      if (!user) throw notFound(id);
      if (isLastAdmin(user, adminIds)) {
        throw new ConflictException('This is the last admin; make another user admin before deleting it');
      }
      await this.users.delete(id, trx);
      return user;
    });
    await this.sessions.endAll(id);
    await this.audit.record(
      actor,
      'user.delete',
      { type: 'user', id },
      { email: removed.email, role: removed.role },
    );
  }

  private async uniqueEmail<T>(email: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) {
        throw new ConflictException(`email: a user with email ${email} already exists`);
      }
      throw err;
    }
  }
}

function isLastAdmin(user: UserRow, adminIds: string[]): boolean {
  return user.role === 'admin' && adminIds.length === 1 && adminIds[0] === user.id;
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`User ${id} not found`);
}

/** What changed, for the audit log; a password change is noted, never its value. */
function changesOf(before: UserRow, after: UserRow, passwordChanged: boolean): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (before.email !== after.email) changes.email = { from: before.email, to: after.email };
  if (before.role !== after.role) changes.role = { from: before.role, to: after.role };
  if (passwordChanged) changes.password = 'changed';
  return changes;
}
