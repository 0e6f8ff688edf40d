import { BadRequestException } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { readJsonInput } from '../common/json-input';

const MAX_HEADER_ID_LENGTH = 200;

/** A single short header value (an id, an event name), or undefined when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_HEADER_ID_LENGTH) {
    throw new BadRequestException(`${name}: send it once, at most ${MAX_HEADER_ID_LENGTH} characters`);
  }
  return value;
}

/** The payload, held to the rules every JSON body from outside meets (see `readJsonInput`). */
export function parseJson(text: string): unknown {
  const input = readJsonInput(text, { notJson: 'Body is not valid JSON', prefix: 'payload' });
  if (!input.ok) throw new BadRequestException(input.problem);
  return input.value;
}
