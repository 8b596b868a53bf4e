import type { Language } from '../../contract';
import type { CallInfo } from '../ports';

/**
 * The attributes LiveKit's SIP service puts on the caller's participant
 * (https://docs.livekit.io/sip/ "SIP participant attributes").
 */
export const SIP_ATTRIBUTES = {
  /** The caller's number (the From of the INVITE); absent or "anonymous" when withheld. */
  caller: 'sip.phoneNumber',
  /** The number the caller dialled: the trunk's number, bound to a tenant (channels.voice). */
  called: 'sip.trunkPhoneNumber',
  /** The SIP Call-ID: unique per call, the root of the call's event ids. */
  callId: 'sip.callID',
} as const;

/** What the runtime knows of a dialled number: whose line it is and how its calls sound. */
export interface CallRoute {
  tenant: string;
  /** The tenant's time zone (spoken times are read in it). */
  timezone: string;
  /** The tenant's languages, first = the call's language until the caller shows another. */
  languages: Language[];
  /** The tenant's ElevenLabs voice per language (tenant file `voice.elevenlabs`). */
  voices: Partial<Record<Language, string>>;
  /** Service and staff names (the offline recogniser's grammar). */
  vocabulary: { services: string[]; staff: string[] };
}

/** Resolves a dialled number to its tenant (null: no tenant has this number). */
export interface CallRouter {
  route(calledNumber: string): Promise<CallRoute | null>;
}

export type RefusalReason = 'unknown_number' | 'no_caller_id';

export type SipCallDecision =
  | { kind: 'answer'; call: CallInfo; route: CallRoute }
  | {
      kind: 'refuse';
      reason: RefusalReason;
      /** The language(s) of the refusal: the tenant's first, or both when no tenant is known. */
      languages: Language[];
      called: string | undefined;
      caller: string | undefined;
      callId: string;
    };

/** "anonymous", "restricted", "" and friends: no number to find the caller's thread by. */
function callerNumber(raw: string | undefined): string | undefined {
  const digits = raw?.replace(/[\s().-]/g, '') ?? '';
  return /^\+?\d{7,15}$/.test(digits) ? digits : undefined;
}

/** The call's id from the SIP Call-ID (or the room), in the alphabet event ids allow. */
export function callIdOf(attributes: Record<string, string>, roomName: string): string {
  const raw = attributes[SIP_ATTRIBUTES.callId] || roomName;
  const clean = raw.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 76);
  return `lk-${clean || 'call'}`;
}

/**
 * Whose call this is: the tenant from the dialled number, the caller (their thread) from the
 * caller id. A number no tenant has, or a withheld caller id, is refused politely: without a
 * number there is no thread to continue and no WhatsApp to send the booking to.
 */
export async function decideSipCall(
  attributes: Record<string, string>,
  roomName: string,
  router: CallRouter,
): Promise<SipCallDecision> {
  const called = attributes[SIP_ATTRIBUTES.called]?.trim() || undefined;
  const caller = callerNumber(attributes[SIP_ATTRIBUTES.caller]);
  const callId = callIdOf(attributes, roomName);
  const route = called ? await router.route(called) : null;
  if (!route)
    return {
      kind: 'refuse',
      reason: 'unknown_number',
      languages: ['en', 'sw'],
      called,
      caller,
      callId,
    };
  if (!caller)
    return {
      kind: 'refuse',
      reason: 'no_caller_id',
      languages: route.languages.slice(0, 1),
      called,
      caller,
      callId,
    };
  return { kind: 'answer', call: { tenant: route.tenant, from: caller, callId }, route };
}

const REFUSALS: Record<RefusalReason, Record<Language, string>> = {
  unknown_number: {
    en: 'Sorry, this number is not taking calls. Please check the number and try again. Goodbye.',
    sw: 'Samahani, namba hii haipokei simu. Tafadhali hakikisha namba na ujaribu tena. Kwaheri.',
  },
  no_caller_id: {
    en: 'Sorry, we can only take calls from a number that shows. Please call again without hiding your number, or send us a WhatsApp message. Goodbye.',
    sw: 'Samahani, tunapokea simu kutoka kwa namba inayoonekana tu. Tafadhali piga tena bila kuficha namba yako, au tutumie ujumbe wa WhatsApp. Kwaheri.',
  },
};

/** What a refused caller hears, sentence by sentence with each sentence's language. */
export function refusalSpeech(reason: RefusalReason, languages: readonly Language[]) {
  return languages.map((language) => ({ language, text: REFUSALS[reason][language] }));
}
