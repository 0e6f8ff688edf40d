import { cleanup, fireEvent, render, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../bots.types';
import BotForm from './BotForm.vue';

const bot: Bot = {
  id: '6f1d2c3b-0000-4000-8000-000000000001',
  name: 'printer',
  description: '',
  backend: 'command',
  model: null,
  promptTemplate: '',
  command: ['node', '-e', 'console.log(1)'],
  workdir: null,
  timeoutSeconds: 60,
  enabled: true,
  allowedTools: [],
  addDirs: [],
  repository: null,
  maxConcurrent: null,
  retryAttempts: null,
  retryBackoffSeconds: null,
  retryOnFailure: false,
  secretNames: [],
  createdAt: '2030-01-01T00:00:00Z',
  updatedAt: '2030-01-01T00:00:00Z',
};

describe('BotForm', () => {
  afterEach(() => cleanup());

  it('should refuse to submit without a name, and say so beside the field', async () => {
    const { emitted } = render(BotForm);

    await fireEvent.click(screen.getByTestId('bot-save'));

    expect(screen.getByTestId('error-name').textContent?.trim()).toBe('Name is required');
    expect(emitted().submit).toBeUndefined();
  });

  it('should ask for a program when the backend is command', async () => {
    const { emitted } = render(BotForm);
    await fireEvent.update(screen.getByTestId('bot-name'), 'runner');
    await fireEvent.update(screen.getByTestId('bot-backend'), 'command');

    await fireEvent.click(screen.getByTestId('bot-save'));
    expect(screen.getByTestId('error-command').textContent).toContain('needs at least the program');
    expect(emitted().submit).toBeUndefined();

    await fireEvent.click(screen.getByTestId('bot-command-add'));
    await fireEvent.update(screen.getByTestId('bot-command-item-0'), 'echo');
    await fireEvent.click(screen.getByTestId('bot-command-add'));
    await fireEvent.update(screen.getByTestId('bot-command-item-1'), 'hello world');
    expect(screen.queryByTestId('error-command')).toBeNull();
    await fireEvent.click(screen.getByTestId('bot-save'));

    expect(emitted().submit).toEqual([
      [
        expect.objectContaining({
          name: 'runner',
          backend: 'command',
          command: ['echo', 'hello world'],
          timeoutSeconds: 600,
          model: null,
          workdir: null,
          repository: null,
        }),
      ],
    ]);
  });

  it('should refuse a timeout that is not a whole number in range', async () => {
    const { emitted } = render(BotForm, { props: { bot } });
    for (const [value, message] of [
      ['abc', 'must be a whole number'],
      ['0', 'must be between 1 and 86400'],
      ['', 'is required'],
    ]) {
      await fireEvent.update(screen.getByTestId('bot-timeout'), value);
      await fireEvent.click(screen.getByTestId('bot-save'));
      expect(screen.getByTestId('error-timeout').textContent?.trim()).toBe(`Timeout ${message}`);
    }
    expect(emitted().submit).toBeUndefined();
  });

  it('should start from the bot it edits and send every field back', async () => {
    const { emitted } = render(BotForm, { props: { bot } });
    expect((screen.getByTestId('bot-name') as HTMLInputElement).value).toBe('printer');
    await fireEvent.update(screen.getByTestId('bot-timeout'), '90');

    await fireEvent.click(screen.getByTestId('bot-save'));

    const [[input]] = emitted().submit as [[Record<string, unknown>]];
    const { id: _id, secretNames: _s, createdAt: _c, updatedAt: _u, ...editable } = bot;
    expect(input).toEqual({ ...editable, timeoutSeconds: 90 });
  });
});
