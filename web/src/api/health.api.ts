import { request } from './client';

export type CheckState = 'up' | 'down';

export interface Readiness {
  status: 'ok';
  checks: { postgres: CheckState; redis: CheckState };
}

/** 200 when PostgreSQL and Redis answer; an ApiError (503) naming what is down otherwise. */
export const getReadiness = () => request<Readiness>('/health/ready');
