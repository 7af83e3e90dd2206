/**
 * PostgreSQL advisory locks the team server takes (across server processes on one database).
 * PUSH_LOCK orders every append to the log: pushes (push.ts), the server's own changes
 * (serverDevice.ts) and a standalone database moved in (moveIn.ts).
 */
export const PUSH_LOCK = 727002;
