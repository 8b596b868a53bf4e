import type { Language } from '../../contract';
import { appointment, type Convo, FRIDAY, settingsWith, slot } from './test-kit';

/**
 * Test helpers for payments and calls: a slot held until paid, the tenant's payment settings, a
 * PesaPal checkout link, and a booking made on a phone call. Used by the tests beside it only.
 */

export const HAIRCUT_3PM = slot('15:00', 'wanjiku');
export const CHECKOUT_LINK =
  'https://cybqa.pesapal.com/pesapaliframe/PesapalIframe3/Index/?OrderTrackingId=abc';

/** The runtime held the slot until paid: a `pending_payment` appointment with its terms. */
export const held = (
  provider: 'mpesa' | 'pesapal' = 'mpesa',
  holdExpiresAt = '2026-11-20T12:15:00+03:00',
  id = 101,
) => ({
  ...appointment(id, HAIRCUT_3PM, 800),
  status: 'pending_payment' as const,
  payment: {
    provider,
    currency: 'KES' as const,
    dueMinor: 40_000,
    paidMinor: 0,
    state: 'due' as const,
    holdExpiresAt,
  },
});

/** A tenant taking a 50% deposit by card, and by M-Pesa too when `mpesa`. */
export const cardSettings = (language: Language, mpesa: boolean) =>
  settingsWith({
    mpesa: { enabled: mpesa, deposit_percent: 50 },
    pesapal: { enabled: true },
    personality: { language_preference: language },
  });

/**
 * On a call under way: "haircut with Wanjiku friday 3pm", the slot found free, then the slot and
 * "yes" chosen by voice - up to the `booking.create` call.
 */
export function bookOnCall(c: Convo, language?: Language): Convo {
  c.say(
    'haircut with Wanjiku friday 3pm',
    {
      intent: 'book',
      serviceIds: ['haircut'],
      staffId: 'wanjiku',
      date: FRIDAY,
      time: '15:00',
      ...(language ? { language } : {}),
    },
    { channel: 'voice' },
  );
  c.result('availability.search', { slots: [HAIRCUT_3PM] });
  const tap = (replyId: string) => c.send({ type: 'message', channel: 'voice', text: '', replyId });
  tap('slot:2026-11-20T15:00+03:00:wanjiku');
  tap('confirm:yes');
  return c;
}
