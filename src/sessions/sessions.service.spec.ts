import { describe, expect, it, vi } from 'vitest';
import { Config } from '../config/config.schema';
import { RefreshTokenRow } from '../database/database.types';
import { RefreshTokensRepository, RotateOutcome } from './refresh-tokens.repository';
import { SessionsService } from './sessions.service';
import { TokenRevocationsRepository } from './token-revocations.repository';

const previous = { user_id: 'u1', family_id: 'f1' } as RefreshTokenRow;

function setup(outcome: RotateOutcome) {
  const refreshTokens = {
    rotate: vi.fn().mockResolvedValue(outcome),
    insert: vi.fn(),
    deleteExpiredForUser: vi.fn(),
  };
  const revocations = { revokeSession: vi.fn(), revokeToken: vi.fn(), revokeUserTokens: vi.fn() };
  const sut = new SessionsService(
    refreshTokens as unknown as RefreshTokensRepository,
    revocations as unknown as TokenRevocationsRepository,
    { REFRESH_TOKEN_TTL_SECONDS: 3600 } as Config,
  );
  return { sut, mocks: { refreshTokens, revocations } };
}

describe(SessionsService.name, () => {
  it('should store only a hash of the refresh token it hands out', async () => {
    const { sut, mocks } = setup({ status: 'invalid' });
    const { refreshToken, sessionId } = await sut.start('u1');
    const stored = mocks.refreshTokens.insert.mock.calls[0][0] as { tokenHash: string; familyId: string };
    expect(stored.familyId).toBe(sessionId);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenHash).not.toContain(refreshToken);
  });

  it('should rotate to a new token in the same session', async () => {
    const { sut } = setup({ status: 'rotated', previous });
    const outcome = await sut.refresh('old');
    expect(outcome).toEqual({
      status: 'rotated',
      userId: 'u1',
      sessionId: 'f1',
      refreshToken: expect.any(String),
    });
  });

  it('should revoke the session everywhere when a used token comes back', async () => {
    const { sut, mocks } = setup({ status: 'reused', previous });
    await expect(sut.refresh('old')).resolves.toEqual({ status: 'reused', userId: 'u1', sessionId: 'f1' });
    expect(mocks.revocations.revokeSession).toHaveBeenCalledWith('f1');
  });
});
