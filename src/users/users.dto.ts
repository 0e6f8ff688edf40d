import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { UserRow } from '../database/database.types';
import { ROLES } from '../access/roles';

export const emailField = z
  .email('must be an email address')
  .max(320)
  .transform((v) => v.toLowerCase());
const passwordField = z.string().min(8, 'must be at least 8 characters').max(1024);

export const CreateUserSchema = z.object({ email: emailField, password: passwordField, role: z.enum(ROLES) });
export class CreateUserDto extends createZodDto(CreateUserSchema) {}

export const UpdateUserSchema = CreateUserSchema.partial().refine(
  (dto) => Object.keys(dto).length > 0,
  'send at least one of email, password, role',
);
export class UpdateUserDto extends createZodDto(UpdateUserSchema) {}

export const UserResponseSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export class UserResponseDto extends createZodDto(UserResponseSchema) {}
export type UserResponse = z.infer<typeof UserResponseSchema>;

/** The password hash never leaves this mapper. */
export function mapUser(row: UserRow): UserResponse {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
