import { Page } from 'playwright-core';

/** The bot list and one bot's page. */
export class BotsPage {
  constructor(private readonly page: Page) {}

  async openFromNav(name: string): Promise<void> {
    await this.page.getByTestId('main-nav').getByRole('link', { name: 'Bots' }).click();
    await this.page.getByTestId(`bot-row-${name}`).getByRole('link', { name }).click();
    await this.page.getByTestId('bot-title').filter({ hasText: name }).waitFor();
  }

  /** Runs the open bot and lands on the new execution's page. */
  async runNow(input?: Record<string, unknown>): Promise<void> {
    if (input) await this.page.getByTestId('run-input').fill(JSON.stringify(input));
    await this.page.getByTestId('run-bot').click();
    await this.page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
  }
}
