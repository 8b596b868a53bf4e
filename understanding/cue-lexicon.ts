/**
 * The words and phrases the parser reacts to, in English, Swahili and Sheng, as they appear after
 * `normalizeText` (lower case, no apostrophes, elongations collapsed). Each cue says where in a
 * message it counts:
 * - `any`: anywhere;
 * - `lead`: within the first two words ("no" in "I have no idea" is not a refusal);
 * - `first`: the first word (question words: "is" in "anyone is fine" asks nothing);
 * - `whole`: only when it is the whole message apart from filler ("STOP", "stop please"), for
 *   keywords that are ordinary words elsewhere ("acha" is also "let", "out" is also "out").
 */

export type CueTag =
  | 'stop.whole'
  | 'stop'
  | 'start.whole'
  | 'human'
  | 'human.whole'
  | 'cancel'
  | 'reschedule'
  | 'my_bookings'
  | 'my_booking.weak'
  | 'prices'
  | 'hours'
  | 'location'
  | 'inquiry.ask'
  | 'book'
  | 'book.want'
  | 'no'
  | 'no.whole'
  | 'yes'
  | 'yes.confirm'
  | 'yes.weak'
  | 'thanks'
  | 'greeting'
  | 'question'
  | 'asks'
  | 'anyStaff'
  | 'anyStaff.whole'
  | 'pod.morning'
  | 'pod.afternoon'
  | 'pod.evening'
  | 'pod.night'
  | 'now';

export type CuePosition = 'any' | 'first' | 'lead' | 'whole';

export const CUE_POSITION: Readonly<Record<CueTag, CuePosition>> = {
  'stop.whole': 'whole',
  stop: 'any',
  'start.whole': 'whole',
  human: 'any',
  'human.whole': 'whole',
  cancel: 'any',
  reschedule: 'any',
  my_bookings: 'any',
  'my_booking.weak': 'any',
  prices: 'any',
  hours: 'any',
  location: 'any',
  'inquiry.ask': 'any',
  book: 'any',
  'book.want': 'any',
  no: 'lead',
  'no.whole': 'whole',
  yes: 'lead',
  'yes.confirm': 'any',
  'yes.weak': 'lead',
  thanks: 'any',
  greeting: 'lead',
  question: 'first',
  asks: 'any',
  anyStaff: 'any',
  'anyStaff.whole': 'whole',
  'pod.morning': 'any',
  'pod.afternoon': 'any',
  'pod.evening': 'any',
  'pod.night': 'any',
  now: 'any',
};

/** Words ignored when deciding whether a cue is the whole message. */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  'please pls plz pliz kindly tafadhali tafadhari naomba just tu sana now it all me us'.split(' '),
);

/** Phrases per cue, comma-separated (kept as text so the tables stay readable). */
const CUE_TEXT: Readonly<Record<CueTag, string>> = {
  'stop.whole': `
    stop, stopp, acha, out, opt out, optout, end, quit
  `,
  stop: `
    unsubscribe, sitisha, stop messages, stop messaging, stop sending, stop texting,
    acha kunitumia, usinitumie, acha ujumbe, sitaki ujumbe, remove me
  `,
  'start.whole': `
    start, anza, subscribe, unstop, opt in, optin, resume, rejesha
  `,
  human: `
    agent, human, binadamu, mhudumu, real person, talk to someone, talk to somebody,
    speak to someone, speak to somebody, speak with someone, talk to a person,
    speak to a person, call me, nipigie, nipigie simu, customer care, customer service,
    operator, representative, receptionist, manager, ongea na mtu, kuongea na mtu,
    niongee na mtu, zungumza na mtu, kuzungumza na mtu, nizungumze na mtu,
    niunganishe na mtu, nataka mtu, naomba mtu, nipe mtu, mtu halisi, mtu wa kweli,
    mtu wa customer care
  `,
  'human.whole': `
    mtu, person
  `,
  cancel: `
    cancel, cancle, cancell, canceled, cancelled, cancellation, cansel, kansel, kucancel,
    nicancel, nicancelie, call off, futa, kufuta, nifutie, ifute, ghairi, kughairi,
    nighairie, sitaweza kuja, siwezi kuja, sitakuja, sitaweza kufika, sitafika,
    cant make it, cannot make it, wont make it, cant come, cannot come,
    wont be able to come, wont be able to make it
  `,
  reschedule: `
    reschedule, reshedule, rescedule, reschedual, kureschedule, nireschedule, rebook,
    postpone, move, push, shift, change the time, change time, change the date,
    change date, change the day, change day, change my appointment, change my booking,
    change the appointment, change the booking, different time, different day, badilisha,
    kubadilisha, nibadilishie, hamisha, kuhamisha, nihamishie, sogeza, kusogeza, nisogezee,
    kuchange, nichange, change to, change it to
  `,
  my_bookings: `
    my bookings, my appointments, my reservations, miadi yangu, booking zangu,
    bookings zangu, appointment zangu, appointments zangu, upcoming appointments,
    upcoming bookings, when is my appointment, when is my booking,
    what time is my appointment, what time is my booking, do i have an appointment,
    do i have a booking, check my appointment, check my booking, show my appointment,
    show my booking, nina miadi, nina booking, niko na booking, niko na miadi, miadi zangu
  `,
  'my_booking.weak': `
    my appointment, my booking, my reservation, booking yangu, appointment yangu
  `,
  prices: `
    how much, price, prices, pricing, price list, cost, costs, charge, charges, rates, bei,
    bei gani, gharama, ngapi, pesa ngapi, shilingi ngapi, bob ngapi, doh ngapi, kiasi gani,
    ni kiasi gani, inagharimu
  `,
  hours: `
    open, opened, close, closed, closing, opening hours, opening time, closing time, hours,
    working hours, business hours, what time do you, mnafungua, mnafunga, mmefungua,
    mmefunga, fungua, funga, mko wazi, wazi, masaa, mpaka saa ngapi, mnafanya kazi,
    mko kazini,    do you work, are you working
  `,
  location: `
    where, address, location, located, directions, direction, map, pin, how do i get there,
    how to get there, wapi, mko wapi, mpo wapi, iko wapi, ni wapi, mahali, anwani,
    nifike aje, nifike vipi, location yenu
  `,
  'inquiry.ask': `
    want to know, wanted to know, would like to know, like to know, wanted to ask,
    want to ask, i have a question, question, inquiry, enquiry, nataka kujua,
    ningependa kujua, naomba kujua, nauliza, swali, nina swali, kuuliza
  `,
  book: `
    book, booking, an appointment, appointment, apointment, appoitment, appointmnt,
    reserve, reservation, schedule, slot, slots, free slot,
    free slots, available, availability, nafasi, kuna nafasi, mko free, uko free, yuko free,
    buk, kubook, kubuk, nibook, nibookie, nibukie,
    bukisha, tubook, weka miadi, panga miadi, nipangie, panga, miadi, niwekee, fix me in,
    can i come, nikuje, nije
  `,
  'book.want': `
    i want, i wanna, i would like, id like, i need, can i get, could i get, can i have,
    nataka, ningependa, nahitaji, niko na hamu, niko na haja, nina haja, nko na hamu, nina hamu, natamani, nipatie, nipange,
    napenda
  `,
  no: `
    no, nope, nah, hapana, sitaki, not really, no thanks, no thank you, not now,
    maybe later, labda baadaye, emoji-no
  `,
  'no.whole': `
    la
  `,
  yes: `
    yes, yeah, yea, yep, yup, ndiyo, ndio, eeh, ee, sure, kabisa, absolutely, of course,
    correct, emoji-yes
  `,
  'yes.confirm': `
    confirm, confirmed, thibitisha, nathibitisha, go ahead, sounds good, that works,
    works for me, perfect, thats right, that is right, that is fine, thats fine, ni sawa,
    iko sawa, sawa kabisa
  `,
  'yes.weak': `
    ok, okay, okey, k, kk, sawa, poa, fine, alright, all right, cool, great, good, fiti,
    safi, no problem, no worries, hakuna shida, hakuna tatizo, haina shida, hakuna noma,
    sawa sawa
  `,
  thanks: `
    thanks, thank you, thank u, thx, thnx, tnx, ty, asante, asanteni, ahsante, asante sana,
    shukran, shukrani, nashukuru, appreciate, much appreciated, emoji-thanks
  `,
  greeting: `
    hi, hey, hello, helo, hallo, hola, howdy, hey there, hi there, yo, sup, whatsup,
    wassup, good morning, good afternoon, good evening, good night, habari, habari yako,
    habari zenu, habari za asubuhi, habari ya asubuhi, habari za mchana, habari ya mchana,
    habari za jioni, habari ya jioni, hujambo, hamjambo, jambo, mambo, mambo vipi, sasa,
    niaje, vipi, salama, shikamoo, hodi, usiku mwema, siku njema
  `,
  question: `
    what, whats, which, do, does, is, are, can, could, will, would, how, when, why, who,
    je, kuna, mna, una, mnafanya, mnakubali, naweza, inawezekana, mnatoa, mnauza, hivi
  `,
  asks: `
    saa ngapi, lini, siku gani
  `,
  anyStaff: `
    anyone, anybody, any one, whoever, any stylist, any barber, any staff, any person,
    anyone available, any available, no preference, doesnt matter, does not matter,
    dont mind, i dont mind, dont care, yeyote, mtu yeyote, mtu yoyote, yeyote tu,
    haijalishi, yoyote tu, sina preference
  `,
  'anyStaff.whole': `
    any, yoyote, whichever, either
  `,
  'pod.morning': `
    morning, in the morning, this morning, asubuhi, mid morning
  `,
  'pod.afternoon': `
    afternoon, in the afternoon, this afternoon, mchana, alasiri
  `,
  'pod.evening': `
    evening, in the evening, this evening, tonight, jioni
  `,
  'pod.night': `
    night, at night, usiku
  `,
  now: `
    sasa hivi, sasahivi, right now, asap
  `,
};

/** Every cue phrase with its tag. */
export const CUE_PHRASES: readonly (readonly [phrase: string, tag: CueTag])[] = Object.entries(
  CUE_TEXT,
).flatMap(([tag, text]) =>
  text
    .split(',')
    .map((phrase) => phrase.trim().replace(/\s+/g, ' '))
    .filter((phrase) => phrase.length > 0)
    .map((phrase) => [phrase, tag as CueTag] as const),
);
