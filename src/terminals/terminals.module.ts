import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { UsersModule } from '../users/users.module';
import { PtyAdapter } from './pty.adapter';
import { TerminalAttachment } from './terminal-attachment';
import { TerminalBus } from './terminal-bus';
import { TerminalHost } from './terminal-host';
import { TerminalSessionsRepository } from './terminal-sessions.repository';
import { TerminalGateway } from './terminal.gateway';
import { TerminalUpgradeThrottle } from './terminal-upgrade-throttle';
import { TerminalsController } from './terminals.controller';
import { TerminalsService } from './terminals.service';

/** Admin shells: PTYs owned by the API replica that opened them, reachable from any replica. */
@Module({
  imports: [AuthModule, ThrottlingModule, UsersModule],
  controllers: [TerminalsController],
  providers: [
    TerminalsService,
    TerminalSessionsRepository,
    PtyAdapter,
    TerminalHost,
    TerminalBus,
    TerminalAttachment,
    TerminalGateway,
    TerminalUpgradeThrottle,
  ],
})
export class TerminalsModule {}
