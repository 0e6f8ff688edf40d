import { Injectable, Logger } from '@nestjs/common';
import { Identity } from '../access/identity';
import { LiveCredentials } from '../auth/live-credentials';
import { TerminalBus } from './terminal-bus';
import { TerminalEvent, TerminalSessionsRepository } from './terminal-sessions.repository';
import { ResizeMessageSchema } from './terminals.dto';

/** The parts of a `ws` WebSocket a terminal viewer uses. */
export interface TerminalSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'close', listener: () => void): void;
}

const OPEN = 1;
export const CLOSE_ENDED = 1000;
export const CLOSE_INTERNAL = 1011;
/** The credential was revoked, or its user signed out or was deleted (as HTTP's 401). */
export const CLOSE_CREDENTIAL_REVOKED = 4401;
/** The credential's user is no longer an admin (as HTTP's 403). */
export const CLOSE_ROLE_TOO_LOW = 4403;

/**
 * One browser attached to a session on this replica: the kept scrollback first, then live
 * output, merged by `seq` so nothing is lost or repeated; its frames go to the session's owner.
 */
@Injectable()
export class TerminalAttachment {
  private readonly logger = new Logger(TerminalAttachment.name);

  constructor(
    private readonly sessions: TerminalSessionsRepository,
    private readonly bus: TerminalBus,
    private readonly credentials: LiveCredentials,
  ) {}

  /** `identity` admitted the socket; the socket closes when it stops admitting it (4401/4403). */
  async attach(id: string, socket: TerminalSocket, identity: Identity): Promise<void> {
    const unwatch = this.credentials.watch(identity, 'admin', (loss) => {
      // A close reason has to fit in 123 bytes.
      const code = loss.status === 401 ? CLOSE_CREDENTIAL_REVOKED : CLOSE_ROLE_TOO_LOW;
      socket.close(code, loss.status === 401 ? 'credentials revoked' : 'admin role required');
    });
    socket.on('close', unwatch);

    // Follow before reading the scrollback: whatever is appended in between arrives here too.
    const early: TerminalEvent[] = [];
    let lastSeq: number | undefined;
    const deliver = (event: TerminalEvent) => {
      if (lastSeq !== undefined && event.seq <= lastSeq) return;
      lastSeq = event.seq;
      if (socket.readyState !== OPEN) return;
      if ('end' in event) socket.close(CLOSE_ENDED, 'terminal ended');
      else socket.send(event.data);
    };
    const unfollow = this.bus.follow(id, (event) =>
      lastSeq === undefined ? early.push(event) : deliver(event),
    );
    socket.on('close', unfollow);
    socket.on('message', (data, isBinary) => void this.forward(id, toText(data), isBinary));

    try {
      const replay = await this.sessions.readOutput(id);
      lastSeq = 0;
      for (const event of [...replay, ...early]) deliver(event);
    } catch (err) {
      this.logger.warn(`terminal replay failed: ${(err as Error).message}`);
      socket.close(CLOSE_INTERNAL, 'terminal output unavailable');
    }
  }

  private async forward(id: string, text: string, isBinary: boolean): Promise<void> {
    try {
      const resize = isBinary ? undefined : parseResize(text);
      await this.sessions.publishInput(
        resize ? { id, type: 'resize', ...resize } : { id, type: 'input', data: text },
      );
    } catch (err) {
      this.logger.warn(`terminal input lost: ${(err as Error).message}`);
    }
  }
}

function toText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** Keystrokes are rarely JSON: only a whole `{"type":"resize",…}` frame is a resize. */
function parseResize(text: string): { cols: number; rows: number } | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed = ResizeMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? { cols: parsed.data.cols, rows: parsed.data.rows } : undefined;
  } catch {
    return undefined;
  }
}
