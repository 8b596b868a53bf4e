import type { OutboundMessage } from '../contract';
import type { Ingress } from '../runtime/mailbox/ingress';

/**
 * Customer turns per complete booking request (issue 18; aim: 2). Each request below says
 * everything a booking needs (service, day, time, and who when more than one person does it),
 * typed by a new customer; the customer then only answers what is asked: "yes" to "Shall I
 * book it?", the first offered time, "anyone" for a stylist. A request counts as booked when a
 * reply says so. English, Swahili and Sheng, some with a side question.
 */
export const COMPLETE_REQUESTS: readonly string[] = [
  'haircut with Wanjiku on Tuesday at 9am',
  'Can I book box braids with Achieng on Wednesday at 10am?',
  'manicure on Thursday at 2pm',
  'pedicure on Tuesday at 3pm please',
  'full body massage with Baraka on Wednesday at 11am',
  'haircut on Thursday at 4pm, anyone is fine',
  "I'd like a haircut with Baraka on Tuesday at 5pm",
  'book a massage on Thursday at 10am, where do I park?',
  'nataka kunyoa na Wanjiku Jumanne saa nne asubuhi',
  'nataka kusuka na Achieng Jumatano saa nane mchana',
  'naomba pedicure Alhamisi saa tano asubuhi',
  'nataka masaji na Baraka Jumanne saa tisa',
  'kunyoa Jumatano saa kumi jioni, mtu yeyote',
  'nataka manicure Jumanne saa saba mchana',
  'nibookie haircut na Baraka Wednesday 3pm',
  'niko na hamu ya pedicure Thursday saa tisa',
];

const BOOKED =
  /You're booked|You're all set|Your booking is confirmed|Umewekewa nafasi|Uko tayari|Nafasi yako imethibitishwa/;
const MAX_TURNS = 6;

export interface BookingTurnsResult {
  requests: number;
  booked: number;
  medianTurns: number;
  maxTurns: number;
}

const ids = (m: OutboundMessage): string[] =>
  m.kind === 'buttons'
    ? m.buttons.map((b) => b.id)
    : m.kind === 'list'
      ? m.sections.flatMap((s) => s.rows.map((r) => r.id))
      : [];

/** What the customer taps next: yes to a confirmation, the first time offered, "anyone". */
function answer(replies: readonly OutboundMessage[]): string | null {
  const offered = replies.flatMap(ids);
  return (
    offered.find((id) => id === 'confirm:yes') ??
    offered.find((id) => id.startsWith('slot:')) ??
    offered.find((id) => id === 'staff:any') ??
    null
  );
}

export async function measureBookingTurns(
  ingress: Ingress,
  tenant: string,
  phoneOf: (i: number) => string,
): Promise<BookingTurnsResult> {
  const turns: number[] = [];
  for (const [i, text] of COMPLETE_REQUESTS.entries()) {
    const from = phoneOf(i);
    let next: { text: string; replyId?: string } | null = { text };
    for (let turn = 1; next !== null && turn <= MAX_TURNS; turn += 1) {
      const acc = await ingress.acceptMessage(
        { tenant, from, channel: 'simulator', source: 'bench', ...next },
        { awaitReply: true },
      );
      const replies = (await acc.replies)?.replies ?? [];
      if (replies.some((r) => BOOKED.test(r.text))) {
        turns.push(turn);
        break;
      }
      const id = answer(replies);
      next = id === null ? null : { text: id, replyId: id };
    }
  }
  const sorted = [...turns].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length === 0
      ? 0
      : sorted.length % 2
        ? (sorted[Math.floor(mid)] ?? 0)
        : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    requests: COMPLETE_REQUESTS.length,
    booked: turns.length,
    medianTurns: median,
    maxTurns: sorted.at(-1) ?? 0,
  };
}
