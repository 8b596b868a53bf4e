/** A thread's flow state when nothing is under way: an empty draft, no offers, nothing pending. */
import type { Draft, ThreadContext } from './types';

export const EMPTY_DRAFT: Draft = {
  serviceId: null,
  staffId: null,
  staffChosen: false,
  date: null,
  time: null,
  partOfDay: null,
  soonest: false,
};

/** A thread's flow state when nothing is under way (a new thread, and after each flow ends). */
type FlowKey =
  | 'draft'
  | 'asides'
  | 'queue'
  | 'multiBooking'
  | 'offers'
  | 'chosen'
  | 'booked'
  | 'paidKesMinor'
  | 'appointments'
  | 'target'
  | 'targetId'
  | 'addOn'
  | 'pending'
  | 'lead';

export const freshFlow = (): Pick<ThreadContext, FlowKey> => ({
  draft: EMPTY_DRAFT,
  asides: [],
  queue: [],
  multiBooking: false,
  offers: [],
  chosen: null,
  booked: null,
  paidKesMinor: null,
  appointments: [],
  target: null,
  targetId: null,
  addOn: null,
  pending: null,
  lead: null,
});
