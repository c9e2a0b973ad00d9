import { z } from './zod.ts';
import { Email, NewPassword, User } from './users.ts';

export const CreateUserRequest = z.object({ email: Email, password: NewPassword });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UserList = z.object({ users: z.array(User) });
export type UserList = z.infer<typeof UserList>;

export const CreateUserResponse = z.object({ user: User });
export type CreateUserResponse = z.infer<typeof CreateUserResponse>;
