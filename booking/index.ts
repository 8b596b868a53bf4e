/**
 * The only public surface of `booking/`, the business domain: catalog, availability, appointments,
 * inquiry/knowledge and reminder policy. SQL goes through the `Queryable` port of contract/.
 */
export * from './types';
export { applyCatalog } from './catalog-store';
export {
  bookingPolicy,
  bookingWindow,
  CatalogCache,
  loadCatalog,
  loadKnowledge,
  type CatalogTenant,
  type CatalogWindow,
} from './catalog-repo';
export {
  checkSlot,
  findSlots,
  lastBookableDate,
  DEFAULT_SLOT_LIMIT,
  PART_OF_DAY_WINDOWS,
  type SlotProblem,
  type SlotSearch,
} from './availability';
export { loadBusy, type AppointmentRecord } from './appointment-repo';
export {
  cancelAppointment,
  createAppointment,
  listAppointments,
  rescheduleAppointment,
  type AppointmentScope,
  type CreateRequest,
  type RescheduleRequest,
} from './appointments';
export { answerInquiry, type InquiryTenant } from './inquiry';
export { unavailableReason } from './unavailable-reason';
export { parseInstant } from './wall-clock';
export * from './reminder-schedule';
export * from './payments';
export {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  parseCatalogCsv,
  parseDurationMin,
  parsePriceKes,
  type ImportProblem,
  type ImportRow,
} from './catalog-csv';
export {
  applyImport,
  loadCurrentCatalog,
  planImport,
  serviceIdFor,
  type CurrentCatalog,
  type ImportPlan,
  type PlannedService,
  type ServiceValues,
} from './catalog-import';
export { checkDraft, type CheckedDraft } from './catalog-draft';
export {
  adminApply,
  adminCustomer,
  adminPreview,
  adminQuery,
  applyRefundDone,
  digestFor,
  digestTime,
  nextDigestAt,
  listAudit,
  writeAudit,
  DEFAULT_DIGEST_TIME,
  type AdminScope,
  type AuditEntry,
  type AuditRow,
  type ConsoleRefundActor,
} from './admin';
export {
  amendPeriod,
  closeMonth,
  commissionFor,
  commissionRuleFileSchema,
  computeCommission,
  syncCommissionRules,
  commissionRulesHook,
  type CommissionRuleFile,
} from './commission';
