import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newTestService } from '../../test/helpers/service-test';
import { CONFIG } from '../config/config.module';
import { FirstAdmin } from './first-admin';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

function setup(adminPassword?: string) {
  const { sut, mocks } = newTestService(FirstAdmin, {
    values: [
      { provide: CONFIG, useValue: { ADMIN_EMAIL: 'admin@agented.test', ADMIN_PASSWORD: adminPassword } },
    ],
  });
  mocks.get(UsersRepository).any.mockResolvedValue(false);
  mocks.get(UsersRepository).createFirstAdmin.mockResolvedValue(true);
  const passwords = mocks.get(PasswordHasher);
  passwords.hash.mockResolvedValue('hash');
  // Every way a message reaches the log (and its transports) goes through Logger.
  const logged = (['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const).map((level) =>
    vi.spyOn(Logger.prototype, level).mockImplementation(() => undefined),
  );
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const generated = () => String(passwords.hash.mock.calls[0][0]);
  const everythingLogged = () => JSON.stringify(logged.flatMap((spy) => spy.mock.calls));
  return { sut, stderr, generated, everythingLogged };
}

describe(FirstAdmin.name, () => {
  afterEach(() => vi.restoreAllMocks());

  it('should print a generated password once on stderr and never hand it to the logger', async () => {
    const { sut, stderr, generated, everythingLogged } = setup();
    await sut.onApplicationBootstrap();
    const password = generated();
    const printed = stderr.mock.calls.map(([chunk]) => String(chunk)).filter((c) => c.includes(password));
    expect(printed).toHaveLength(1);
    expect(everythingLogged()).toContain('admin@agented.test');
    expect(everythingLogged()).not.toContain(password);
  });

  it('should print nothing on stderr when the password came from ADMIN_PASSWORD', async () => {
    const { sut, stderr, everythingLogged } = setup('from-the-environment');
    await sut.onApplicationBootstrap();
    expect(stderr).not.toHaveBeenCalled();
    expect(everythingLogged()).not.toContain('from-the-environment');
  });
});
