import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as pty from 'node-pty';

export type Pty = pty.IPty;

export interface SpawnPtyOptions {
  cwd: string;
  cols: number;
  rows: number;
  env: Record<string, string>;
}

/** node-pty and the file system, for terminal sessions. */
@Injectable()
export class PtyAdapter {
  /** bash when the image has it (line editing, history), else the POSIX shell. */
  private readonly shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';

  get defaultCwd(): string {
    return homedir();
  }

  async isDirectory(path: string): Promise<boolean> {
    try {
      return (await stat(path)).isDirectory();
    } catch {
      return false;
    }
  }

  spawn(options: SpawnPtyOptions): Pty {
    return pty.spawn(this.shell, [], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: { ...options.env, TERM: 'xterm-256color' },
    });
  }
}
