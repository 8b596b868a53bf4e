/**
 * The booking domain's data: the catalog a tenant sells (services, staff, hours) and the time
 * that is already taken. Times are epoch milliseconds; wall-clock minutes are minutes since
 * midnight in the tenant's time zone.
 */
import type { Language } from '../contract';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A wall-clock span of one day, [openMin, closeMin), minutes since midnight (close <= 1440). */
export interface Span {
  openMin: number;
  closeMin: number;
}

/** Opening spans per weekday; a missing or empty weekday is closed. */
export type WeekHours = Partial<Record<Weekday, Span[]>>;

export interface BookingPolicy {
  leadTimeMin: number;
  horizonDays: number;
  cancelCutoffMin: number;
  rescheduleCutoffMin: number;
  slotStepMin: number;
}

export const DEFAULT_BOOKING_POLICY: BookingPolicy = {
  leadTimeMin: 60,
  horizonDays: 30,
  cancelCutoffMin: 120,
  rescheduleCutoffMin: 120,
  slotStepMin: 15,
};

export interface CatalogService {
  id: string;
  nameEn: string;
  nameSw: string | null;
  category: string;
  durationMin: number;
  bufferMin: number;
  priceKesMinor: number;
  aliases: string[];
  active: boolean;
}

export interface CatalogStaff {
  id: string;
  name: string;
  active: boolean;
  serviceIds: string[];
  /** Their own week, replacing the business hours; null when they keep the business hours. */
  hours: WeekHours | null;
}

export interface Holiday {
  /** YYYY-MM-DD in the tenant's calendar. */
  date: string;
  name: string | null;
}

/** Time off: one staff member, or the whole business when staffId is null. */
export interface Block {
  id: number;
  staffId: string | null;
  startMs: number;
  endMs: number;
  reason: string | null;
  source: 'file' | 'admin';
}

/** Hours open on one date beyond the normal week: one staff member, or everyone when null. */
export interface ExtraHours {
  staffId: string | null;
  startMs: number;
  endMs: number;
}

/** An active appointment as availability sees it: the staff member is busy [startMs, endMs). */
export interface BusyInterval {
  staffId: string;
  startMs: number;
  /** The appointment's buffer end (end + the service's buffer). */
  endMs: number;
}

export interface KnowledgeSnippet {
  question: string;
  answer: string;
  language: Language;
  tags: string[];
}

/**
 * Everything availability needs to know about a tenant, loaded in one go. Services and staff
 * include inactive ones (old appointments refer to them); availability only offers active ones.
 */
export interface Catalog {
  timezone: string;
  policy: BookingPolicy;
  services: CatalogService[];
  staff: CatalogStaff[];
  hours: WeekHours;
  holidays: Holiday[];
  /** Blocks overlapping the window the catalog was loaded for. */
  blocks: Block[];
  /** Extra opening hours overlapping that window (none when absent). */
  extraHours?: ExtraHours[];
}

/** Opening hours as the tenant file writes them: "09:00"-"18:00" spans per weekday. */
export type FileWeekHours = Partial<Record<Weekday, { open: string; close: string }[]>>;

/**
 * The catalog part of a tenant file (runtime/tenancy parses the whole file): what
 * `applyCatalog` makes the tenant's catalog tables say. Snake_case, as people write YAML.
 */
export interface CatalogSpec {
  hours: FileWeekHours;
  holidays: { date: string; name?: string | undefined }[];
  services: {
    id: string;
    name: { en: string; sw?: string | undefined };
    category: string;
    duration_min: number;
    buffer_min: number;
    price_kes: number;
    active: boolean;
    aliases: string[];
  }[];
  staff: {
    id: string;
    name: string;
    services: string[];
    hours?: FileWeekHours | undefined;
    blocks: { start: string; end: string; reason?: string | undefined }[];
  }[];
  knowledge: { question: string; answer: string; language: 'en' | 'sw'; tags: string[] }[];
}
