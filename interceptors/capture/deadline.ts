/**
 * A call's deadline as recorded in `grpcaudit.deadline` (ISO 8601, UTC), like the timeout gRPC
 * binary logging keeps in the client header; undefined when the call has none.
 */
export function deadlineIso(deadline: Date | number | undefined | null): string | undefined {
  if (deadline === undefined || deadline === null) return undefined;
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString();
}
