/** The booking domain: catalog, availability, appointments and the booking calls of machines. */
export * from './types';
export { applyCatalog } from './catalog-store';
export {
  bookingPolicy,
  bookingWindow,
  loadCatalog,
  loadKnowledge,
  type CatalogTenant,
  type CatalogWindow,
} from './catalog-repo';
export {
  checkSlot,
  findSlots,
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
export {
  createBookingCalls,
  type BookingCallContext,
  type BookingCallHandler,
  type BookingCallKind,
  type BookingCalls,
  type BookingCallsDeps,
} from '../runtime/conversation/booking-calls';
