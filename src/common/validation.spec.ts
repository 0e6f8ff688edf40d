import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { expectWithinBudget } from '../../test/helpers/event-loop-budget';
import { CreateBotDto, RunBotDto } from '../bots/bots.dto';
import { PreviewDto } from '../templates/template-preview.dto';
import { CreateTriggerDto } from '../triggers/triggers.dto';
import { MALFORMED_TEXT, MAX_JSON_PARTS } from './json-input';
import { ValidationPipe } from './validation';

const pipe = new ValidationPipe();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });
const QUERY: ArgumentMetadata = { type: 'query' };
/** A regex of the longest allowed length that compiles and passes the nested-quantifier check. */
const LONG_REGEX = `^${'(a|b)?[x-z]*'.repeat(16)}`.slice(0, 200);

describe(ValidationPipe.name, () => {
  it('should refuse NUL and unpaired surrogates in query and path parameters, naming the field', () => {
    expect(() => pipe.transform({ actor: 'a\u0000' }, QUERY)).toThrow(
      new BadRequestException(`actor: ${MALFORMED_TEXT}`),
    );
    expect(() => pipe.transform({ id: '\ud800' }, { type: 'param' })).toThrow(`id: ${MALFORMED_TEXT}`);
    expect(pipe.transform({ actor: 'Jürgen 😀' }, QUERY)).toEqual({ actor: 'Jürgen 😀' });
  });

  it('should still validate DTOs with zod and name the field', () => {
    expect(() => pipe.transform({ name: '', backend: 'claude' }, body(CreateBotDto))).toThrow(/^name: /);
  });

  describe('within the event-loop budget, for the largest bodies allowed', () => {
    it('should validate the largest bot', () => {
      const bot = {
        name: 'b'.repeat(100),
        description: 'd'.repeat(2000),
        backend: 'command',
        promptTemplate: '{{payload}}'.repeat(9000),
        command: Array.from({ length: 90 }, () => 'x'.repeat(10_000)),
      };
      expectWithinBudget('CreateBotDto', () => pipe.transform(bot, body(CreateBotDto)));
    });

    it('should validate run input of as many keys as a body may hold', () => {
      const input = Object.fromEntries(Array.from({ length: MAX_JSON_PARTS - 2 }, (_, i) => [`k${i}`, 'v']));
      expectWithinBudget('RunBotDto', () => pipe.transform({ input }, body(RunBotDto)));
    });

    it('should validate twenty of the longest match regexes', () => {
      const match = Array.from({ length: 20 }, (_, i) => ({
        path: `a.${'p'.repeat(190)}${i}`,
        op: 'regex',
        value: LONG_REGEX,
      }));
      expect(pipe.transform({ type: 'webhook', match }, body(CreateTriggerDto))).toMatchObject({ match });
      expectWithinBudget('CreateTriggerDto', () =>
        pipe.transform({ type: 'webhook', match }, body(CreateTriggerDto)),
      );
    });

    it('should validate the largest preview', () => {
      const preview = {
        template: 'x'.repeat(100_000),
        command: Array.from({ length: 80 }, () => 'c'.repeat(10_000)),
        payload: { a: Array.from({ length: MAX_JSON_PARTS / 2 }, () => ({ b: 'x' })) },
      };
      expectWithinBudget('PreviewDto', () => pipe.transform(preview, body(PreviewDto)));
    });

    it('should check a query of the longest URL', () => {
      const query = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`q${i}`, 'v'.repeat(4)]));
      expectWithinBudget('the query text check', () => pipe.transform(query, QUERY));
    });
  });
});
