import { type TestingOptions, createTestingPinia } from '@pinia/testing';
import { vi } from 'vitest';

/** Real store actions by default: the specs stub `fetch`, not the stores. */
export const testingPinia = (options: TestingOptions = {}) =>
  createTestingPinia({ createSpy: vi.fn, stubActions: false, ...options });
