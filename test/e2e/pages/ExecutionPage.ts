import { Locator, Page } from 'playwright-core';

/** One execution: its status, its metadata and its live log. */
export class ExecutionPage {
  constructor(private readonly page: Page) {}

  get status(): Locator {
    return this.page.getByTestId('execution-status');
  }

  logLine(text: string): Locator {
    return this.page.getByTestId('log-line').filter({ hasText: text });
  }

  /** What the program printed on stdout, line by line as shown. */
  stdoutTexts(): Promise<string[]> {
    return this.page.locator('[data-testid="log-line"][data-stream="stdout"] .text').allTextContents();
  }

  /** The pieces of the log that an ANSI code coloured `rgb(r, g, b)`, as rendered. */
  coloured(rgb: string): Locator {
    return this.page.getByTestId('log').locator(`[style*="color: rgb(${rgb})"]`);
  }

  executionId(): string {
    return new URL(this.page.url()).pathname.split('/').pop() ?? '';
  }
}
