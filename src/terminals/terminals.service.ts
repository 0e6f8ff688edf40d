import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { UsersRepository } from '../users/users.repository';
import { PtyAdapter } from './pty.adapter';
import { TerminalHost } from './terminal-host';
import { TerminalSession, TerminalSessionsRepository } from './terminal-sessions.repository';
import { CreateTerminalDto, CreatedTerminalResponse, TerminalResponse, mapTerminal } from './terminals.dto';

@Injectable()
export class TerminalsService {
  constructor(
    private readonly sessions: TerminalSessionsRepository,
    private readonly host: TerminalHost,
    private readonly ptys: PtyAdapter,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
  ) {}

  /** The PTY runs in this process, which owns it from now on. */
  async create(actor: Identity, dto: CreateTerminalDto): Promise<CreatedTerminalResponse> {
    const cwd = dto.cwd ?? this.ptys.defaultCwd;
    if (!(await this.ptys.isDirectory(cwd))) {
      throw new BadRequestException(`cwd: ${cwd} is not an existing directory on the server`);
    }
    const session: TerminalSession = {
      id: randomUUID(),
      owner: this.host.ownerId,
      userId: actor.userId,
      cwd,
      cols: dto.cols,
      rows: dto.rows,
      createdAt: new Date().toISOString(),
    };
    await this.sessions.save(session);
    this.host.start(session);
    await this.audit.record(actor, 'terminal.open', { type: 'terminal', id: session.id }, { cwd });
    return { id: session.id };
  }

  async list(): Promise<TerminalResponse[]> {
    const sessions = await this.sessions.list();
    const emails = await this.users.emailsOf([...new Set(sessions.map((s) => s.userId))]);
    return sessions.map((s) => mapTerminal(s, emails.get(s.userId)));
  }

  async get(id: string): Promise<TerminalSession> {
    const session = await this.sessions.get(id);
    if (!session) throw new NotFoundException(`Terminal ${id} not found (ended, or never opened)`);
    return session;
  }

  /**
   * Before a socket attaches: any admin may attach to any session (to help, or to stop a
   * runaway), but attaching to someone else's shell is audited, naming its owner.
   */
  async admit(actor: Identity, id: string): Promise<TerminalSession> {
    const session = await this.get(id);
    if (session.userId !== actor.userId) {
      await this.audit.record(
        actor,
        'terminal.attach',
        { type: 'terminal', id },
        { ownerId: session.userId },
      );
    }
    return session;
  }

  /** Gone from the list at once; its owner, wherever it runs, kills the PTY. */
  async remove(actor: Identity, id: string): Promise<void> {
    await this.get(id);
    await this.sessions.remove(id);
    await this.sessions.publishInput({ id, type: 'kill' });
    await this.audit.record(actor, 'terminal.close', { type: 'terminal', id });
  }
}
