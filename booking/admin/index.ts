/** The owner's side of the booking domain (issue 12). */
export { adminApply, adminCustomer, adminPreview, adminQuery } from './admin-service';
export type { AdminScope } from './admin-scope';
export { digestFor, digestTime, nextDigestAt, DEFAULT_DIGEST_TIME } from './digest';
export { listAudit, writeAudit, type AuditEntry, type AuditRow } from './audit';
export { applyRefundDone, type ConsoleRefundActor } from './refund-changes';
