import { z } from 'zod';
import { op } from './define';

export const ROLES = ['auditor', 'moderator', 'qa-lead'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { auditor: 'Auditor', moderator: 'Moderator', 'qa-lead': 'QA lead' };

export interface User {
  id: string;
  name: string;
  role: Role;
  jobTitle: string;
  managesTeams: string[];
}

export interface SessionInfo {
  user: User | null;
  users: User[];
  deviceId: string;
  /** Shown in the UI when the key is not well protected (e.g. safeStorage's basic text backend). */
  keyWarning: string | null;
  transport: 'electron' | 'preview';
  today: string;
}

const userFields = {
  name: z.string().trim().min(2, 'Enter your full name (at least 2 characters).').max(120, 'Name is too long (120 characters at most).'),
  role: z.enum(ROLES, { message: 'Choose a role: auditor, moderator or QA lead.' }),
  jobTitle: z.string().trim().max(120).default(''),
  managesTeams: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
};

export const sessionOps = {
  'session:get': op<SessionInfo>()(z.object({})),
  'users:create': op<User>()(z.object(userFields)),
  'users:list': op<User[]>()(z.object({})),
  'session:switch': op<SessionInfo>()(z.object({ userId: z.string().min(1) })),
};
