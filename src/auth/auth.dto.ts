import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { emailField } from '../users/users.dto';
import { ROLES } from '../access/roles';

export const LoginSchema = z.object({ email: emailField, password: z.string().min(1).max(1024) });
export class LoginDto extends createZodDto(LoginSchema) {}

export const RefreshSchema = z
  .object({
    refreshToken: z.string().min(1).max(200).optional().describe('for clients without the cookie'),
  })
  .default({});
export class RefreshDto extends createZodDto(RefreshSchema) {}

export const MeResponseSchema = z.object({ id: z.uuid(), email: z.string(), role: z.enum(ROLES) });
export class MeResponseDto extends createZodDto(MeResponseSchema) {}
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const TokenPairResponseSchema = z.object({
  accessToken: z.string().describe('send as Authorization: Bearer <accessToken>'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
  refreshToken: z.string().describe('also set as an httpOnly cookie; single use'),
  refreshExpiresIn: z.number().int().describe('seconds until the refresh token expires'),
  user: MeResponseSchema,
});
export class TokenPairResponseDto extends createZodDto(TokenPairResponseSchema) {}
export type TokenPairResponse = z.infer<typeof TokenPairResponseSchema>;
