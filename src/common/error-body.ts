import { STATUS_CODES } from 'node:http';

/** The one shape of every error answer (CONTRACT.md): Nest's, whatever code path writes it. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
