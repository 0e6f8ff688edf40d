import { describe, expect, it } from 'vitest';
import { botRow } from '../../../test/factories/bot-rows';
import { GeminiBackend } from './gemini.backend';

const sut = new GeminiBackend();

const document = {
  session_id: 's-1',
  response: 'Line one\nLine two',
  stats: {
    models: {
      'gemini-2.5-pro': { api: { totalRequests: 2 }, tokens: { prompt: 1200, candidates: 80, thoughts: 70 } },
      'gemini-2.5-flash': { api: { totalRequests: 1 }, tokens: { prompt: 100, candidates: 20 } },
    },
  },
};

describe(GeminiBackend.name, () => {
  it('should ask for JSON output, with the model and extra directories', () => {
    const bot = botRow({
      backend: 'gemini',
      model: 'gemini-2.5-flash',
      prompt_template: 'Summarise',
      options: { addDirs: ['/srv/docs'] },
    });
    expect(sut.buildArgv(bot, {})).toEqual([
      'gemini',
      '-p',
      'Summarise',
      '--output-format',
      'json',
      '--model',
      'gemini-2.5-flash',
      '--include-directories',
      '/srv/docs',
    ]);
  });

  it('should hold back a pretty-printed document and render it once it is complete', () => {
    const parser = sut.outputParser();
    const lines = JSON.stringify(document, null, 2).split('\n');
    const parsed = lines.map((l) => parser.parseLine(l));
    expect(parsed.slice(0, -1).every((p) => p.text.length === 0)).toBe(true);
    expect(parsed.at(-1)).toEqual({
      text: ['Line one', 'Line two', 'stats: 3 model requests, 1300 tokens in, 170 out'],
      raw: lines.join('\n'),
      usage: { inputTokens: 1300, outputTokens: 170 },
      rateLimited: false,
    });
  });

  it('should read a document on one line too, and log other lines as they are', () => {
    const parser = sut.outputParser();
    expect(parser.parseLine('Loaded cached credentials.')).toEqual({ text: ['Loaded cached credentials.'] });
    expect(parser.parseLine(JSON.stringify({ response: 'hi' }))).toEqual({
      text: ['hi'],
      rateLimited: false,
    });
  });

  it('should flag a 429 error document as a rate limit', () => {
    const parsed = sut
      .outputParser()
      .parseLine(JSON.stringify({ error: { type: 'Error', message: '[API Error: quota]', code: 429 } }));
    expect(parsed).toEqual({ text: ['error: [API Error: quota]'], rateLimited: true });
  });

  it('should give back the lines of a document that never closed', () => {
    const parser = sut.outputParser();
    parser.parseLine('{');
    parser.parseLine('  "response": "cut');
    expect(parser.end()).toEqual({ text: ['{', '  "response": "cut'] });
  });

  it('should find the rate limit in an error document printed on stderr', () => {
    const stderr = [
      '{',
      '  "error": {',
      '    "message": "[API Error: You have exhausted your capacity."]',
      '    "code": 429',
      '  }',
      '}',
    ];
    expect(sut.detectRateLimit(stderr, 1)).toBe(true);
  });
});
