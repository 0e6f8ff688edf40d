import { Injectable } from '@nestjs/common';
import { BackendName, BotRow } from '../../database/database.types';
import { ClaudeBackend } from './claude.backend';
import { CodexBackend } from './codex.backend';
import { CommandBackend } from './command.backend';
import { ExecutionBackend } from './execution-backend';
import { GeminiBackend } from './gemini.backend';
import { OpencodeBackend } from './opencode.backend';

/** The backends this worker can run, by the bot's `backend`. */
@Injectable()
export class ExecutionBackends {
  private readonly backends: Record<BackendName, ExecutionBackend> = {
    claude: new ClaudeBackend(),
    codex: new CodexBackend(),
    gemini: new GeminiBackend(),
    opencode: new OpencodeBackend(),
    command: new CommandBackend(),
  };

  forBot(bot: BotRow): ExecutionBackend {
    return this.backends[bot.backend];
  }
}
