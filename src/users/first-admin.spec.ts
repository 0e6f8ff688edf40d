import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FirstAdmin } from './first-admin';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

function setup(adminPassword?: string) {
  const users = { any: vi.fn().mockResolvedValue(false), createFirstAdmin: vi.fn().mockResolvedValue(true) };
  const passwords = { hash: vi.fn().mockResolvedValue('hash') };
  const config = {
    ADMIN_EMAIL: 'admin@agented.test',
    ADMIN_PASSWORD: adminPassword,
  } as ConstructorParameters<typeof FirstAdmin>[2];
  const sut = new FirstAdmin(
    users as unknown as UsersRepository,
    passwords as unknown as PasswordHasher,
    config,
  );
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
