import { SW_CALL_COPY } from './copy-call';
import { SW_CARD_COPY } from './copy-card';
import type { CopyBook, LabelBook, Voice } from './copy-book';

/** Swahili templates. See `copy.ts` for how the parts and dials are put together. */

const f = (v: Voice, casual: string, neutral: string, formal: string): string =>
  v.formality === 'casual' ? casual : v.formality === 'formal' ? formal : neutral;
const na = (staff?: string) => (staff ? ` na ${staff}` : '');

/** Sababu za malipo ya M-Pesa kushindwa, kama mteja anavyoambiwa. */
const SW_DECLINED: Readonly<Record<string, string>> = {
  cancelled_by_user: 'Ombi la M-Pesa lilighairiwa kwenye simu yako.',
  wrong_pin: 'PIN ya M-Pesa iliyowekwa si sahihi.',
  no_response: 'Ombi la M-Pesa liliisha muda kabla ya kujibiwa.',
  insufficient_funds: 'Salio la M-Pesa halikutosha.',
  subscriber_busy: 'M-Pesa ilikuwa na muamala mwingine kwenye laini yako.',
};

export const SW_COPY: CopyBook = {
  ...SW_CALL_COPY,
  ...SW_CARD_COPY,
  greeting: (_, v) => ({
    text:
      f(v, 'Mambo!', 'Habari!', 'Hujambo, karibu sana.') +
      (v.warmth === 'warm' ? ' Tunafurahi kukusikia.' : ''),
    emoji: ['👋', '😊'],
  }),
  menu: (_, v) => ({
    text: f(v, 'Nikusaidie na nini?', 'Ungependa kufanya nini?', 'Tukusaidie vipi leo?'),
    hint: 'Naweza kupanga, kubadilisha au kughairi miadi, na kujibu maswali yako.',
    detail: "Unaweza pia kuandika tu, kwa mfano 'kunyoa Ijumaa saa tisa'.",
  }),
  welcome: (_, v) => ({
    text: f(v, 'Poa, karibu!', 'Karibu sana!', 'Karibu sana, ni furaha yetu.'),
    warm: 'Ilikuwa furaha kukuhudumia.',
    emoji: ['😊', '💛'],
    close: true,
  }),
  askService: (_, v) => ({
    text: f(v, 'Unataka huduma gani?', 'Ungependa huduma gani?', 'Tukuandalie huduma gani?'),
    hint: 'Chagua moja kwenye orodha.',
    emoji: ['💇🏾‍♀️', '💅🏾'],
  }),
  askStaff: (p, v) => ({
    text: f(
      v,
      `Unataka nani akuhudumie kwa ${p.service}?`,
      `Ungependa nani akuhudumie kwa ${p.service}?`,
      `Je, kuna mhudumu unayempendelea kwa ${p.service}?`,
    ),
    hint: "Au chagua 'Yeyote' kwa atakayekuwa huru kwanza.",
  }),
  askWhen: (p, v) => ({
    text: f(
      v,
      `Unataka kuja lini kwa ${p.service}${na(p.staff)}?`,
      `Ungependa kuja lini kwa ${p.service}${na(p.staff)}?`,
      `Ni siku na saa gani itakufaa kwa ${p.service}${na(p.staff)}?`,
    ),
    hint: "Kwa mfano 'Ijumaa saa tisa' au 'kesho asubuhi'.",
    emoji: ['📅'],
  }),
  offerSlots: (p) => ({
    text: `Hizi ndizo nafasi zilizo wazi za ${p.service}${na(p.staff)}${p.day ? `, ${p.day}` : ''}:`,
    hint: 'Gusa moja kuchagua.',
    detail: 'Kama hakuna inayokufaa, niambie siku au saa nyingine.',
    emoji: ['🗓️'],
  }),
  confirmSlot: (p, v) => ({
    text: `${p.service}${na(p.staff)}, ${p.when} — ${p.price}. ${f(v, 'Nikuwekee?', 'Nikuwekee nafasi hii?', 'Tuthibitishe nafasi hii?')}`,
  }),
  booked: (p, v) => ({
    warm: 'Safi sana!',
    text: `${f(v, 'Uko tayari!', 'Umewekewa nafasi!', 'Nafasi yako imethibitishwa.')} ${p.service}${na(p.staff)}, ${p.when}. Bei: ${p.price}.${p.paid ? ` Umelipa ${p.paid} kwa ${p.method === 'card' ? 'kadi' : 'M-Pesa'}.` : ''}`,
    hint: `Namba ya kumbukumbu #${p.ref}.`,
    detail: 'Tutakutumia ukumbusho kabla ya miadi yako.',
    emoji: ['✅', '✨'],
    close: true,
  }),
  payAsk: (p) => ({
    text: `Ili kuthibitisha nafasi yako, tafadhali lipa ${p.price} kwa M-Pesa — ombi la malipo linakuja kwenye simu yako.`,
    hint: 'Weka PIN yako ya M-Pesa kukamilisha.',
    emoji: ['📲'],
  }),
  payWaiting: () => ({
    text: 'Bado ninasubiri malipo yako ya M-Pesa — tafadhali angalia simu yako.',
  }),
  payFailed: () => ({ text: 'Ungependa kujaribu tena, au kulipa ukifika saluni?' }),
  payFailedNoSalon: () => ({ text: 'Ungependa kujaribu tena?' }),
  payReleased: () => ({ text: 'Sawa, nimeghairi nafasi hiyo na kuiachilia.' }),
  paidLate: (p) => ({
    text: `Malipo yamepokelewa${p.paid ? ` — ${p.paid}` : ''}. Asante!${p.summary ? ` Risiti ya M-Pesa ${p.summary}.` : ''}`,
    hint: p.ref ? `Namba ya miadi #${p.ref}.` : undefined,
    emoji: ['✅'],
  }),
  refundSent: (p) => ({ text: `Marejesho yako ya ${p.price} yanatumwa kwa M-Pesa yako.` }),
  refundManual: (p) => ({
    text: `Timu itakutumia marejesho yako ya ${p.price} hivi karibuni — huhitaji kufanya lolote.`,
  }),
  paySkipped: () => ({ text: 'Sawa — unaweza kulipa ukifika saluni.' }),
  addOnOffer: (p, v) =>
    v.eager
      ? {
          text: `Jipe zawadi! ${p.staff} yuko huru mara baada ya hapo kwa ${p.service} ${p.time} — ni ${p.price} tu. Nikuongezee?`,
          emoji: ['💆🏾‍♀️', '✨'],
        }
      : {
          text: `Ungependa kuongeza ${p.service} na ${p.staff} mara baada ya hapo, ${p.time} (${p.price})?`,
          emoji: ['✨'],
        },
  addOnBooked: (p) => ({
    text: `Imeongezwa: ${p.service}${na(p.staff)}, ${p.when} (${p.price}).`,
    emoji: ['✅'],
    close: true,
  }),
  addOnDeclined: (_, v) => ({
    text: f(v, 'Poa! Tutaonana.', 'Sawa! Tutaonana.', 'Sawa kabisa. Tunatarajia kukuona.'),
    close: true,
  }),
  addOnFailed: () => ({
    text: 'Samahani, nafasi hiyo imechukuliwa sasa hivi — miadi yako ya kwanza haijabadilika.',
  }),
  chooseBooking: (p) => ({
    text: `Ni miadi gani ungependa ${p.action === 'cancel' ? 'kughairi' : 'kuhamisha'}?`,
  }),
  noUpcoming: () => ({ text: 'Huna miadi yoyote ijayo.', hint: 'Ungependa kupanga moja?' }),
  confirmCancel: (p) => ({ text: `Nighairi miadi yako ya ${p.service}${na(p.staff)}, ${p.when}?` }),
  cancelled: (p) => ({
    text: `Imekamilika — miadi yako ya ${p.service}, ${p.when}, imeghairiwa.`,
    hint: 'Tunatumaini kukuona wakati mwingine.',
    close: true,
  }),
  cancelKept: () => ({ text: 'Sawa, miadi yako inabaki kama ilivyo.', emoji: ['👍'] }),
  bookingGone: () => ({ text: 'Sikuweza kupata miadi hiyo — huenda imeshaghairiwa.' }),
  askNewWhen: (p) => ({
    text: `Ungependa kuhamisha miadi yako ya ${p.service}${na(p.staff)} (sasa ${p.when}) hadi lini?`,
    hint: "Kwa mfano 'Jumamosi asubuhi'.",
  }),
  confirmMove: (p) => ({
    text: `Nihamishe miadi yako ya ${p.service}${na(p.staff)} kutoka ${p.from} hadi ${p.when}?`,
  }),
  moved: (p) => ({
    text: `Imekamilika — miadi yako ya ${p.service}${na(p.staff)} sasa ni ${p.when}.`,
    emoji: ['✅'],
    close: true,
  }),
  myBookings: (p) => ({ text: `Miadi yako ijayo:\n${(p.lines ?? []).join('\n')}` }),
  offerHuman: (_, v) => ({
    text: f(
      v,
      'Nikuitie mtu wa timu yetu?',
      'Ungependa nimuulize mtu wa timu yetu?',
      'Je, ungependa mmoja wa wafanyakazi wetu akusaidie?',
    ),
  }),
  humanRequested: () => ({
    text: 'Nimewajulisha wenzetu — mtu atakujibu hapa hivi karibuni.',
    hint: 'Tuma MENU kurudi kwa msaidizi.',
    emoji: ['🙋🏾‍♀️'],
  }),
  humanAck: () => ({ text: 'Asante — nimewafikishia ujumbe wako.' }),
  humanDeclined: () => ({ text: 'Sawa! Nikusaidie na nini kingine?' }),
  resumeAsk: (p) => ({
    text: `Tuendelee na miadi ya ${p.service}${p.day ? ` siku ya ${p.day}` : ''}?`,
    emoji: ['😊'],
  }),
  startOver: () => ({ text: 'Sawa — tuanze upya.' }),
  reminder: (p) => ({
    text: `Ukumbusho: ${p.summary}.`,
    hint: 'Jibu 1 kuthibitisha au 2 kubadilisha muda.',
    emoji: ['⏰'],
  }),
  reminderConfirmed: (_, v) => ({
    text: f(
      v,
      'Poa, tutaonana!',
      'Asante — tutaonana!',
      'Asante kwa kuthibitisha. Tunatarajia kukuona.',
    ),
    emoji: ['😊'],
    close: true,
  }),
  optedOut: () => ({ text: 'Hutapokea ujumbe wowote zaidi kutoka kwetu. Tuma ANZA kuwasha tena.' }),
  optedIn: () => ({ text: 'Karibu tena! Utapokea ujumbe wetu tena.' }),
  holdOn: () => ({ text: 'Subiri kidogo — bado ninaangalia.' }),
  stillWorking: () => ({ text: 'Bado ninashughulikia hilo — nitakujulisha likikamilika.' }),
  clarify: (_, v) => ({
    text: f(v, 'Samahani, sijakupata.', 'Samahani, sijaelewa.', 'Samahani, sijaelewa vizuri.'),
  }),
  expired: () => ({ text: 'Kitufe hicho ni cha ujumbe wa zamani.' }),
  slotTaken: (p) => ({ text: `Samahani, ${p.time ?? 'muda huo'} imechukuliwa sasa hivi.` }),
  rejected: (p) => ({
    text:
      p.reason === 'outside_hours'
        ? 'Muda huo uko nje ya saa zetu za kazi.'
        : p.reason === 'too_soon'
          ? 'Muda huo ni karibu mno kupanga.'
          : 'Muda huo ni mbali mno kupanga.',
  }),
  noSlots: (p) => ({ text: `Samahani, hakuna nafasi${p.when ? ` ${p.when}` : ''}.` }),
  searchFailed: () => ({ text: 'Samahani, sikuweza kuangalia ratiba sasa hivi.' }),
  staffCantDo: (p) => ({
    text: `${p.staff} hatoi huduma ya ${p.service}${p.who ? ` — ${p.who} ${p.who.includes(' na ') ? 'wanatoa' : 'anatoa'}` : ''}.`,
  }),
  notInList: () => ({ text: 'Miadi hiyo haimo kwenye orodha yako ya sasa.' }),
  stuck: () => ({ text: 'Samahani, ninapata shida kuelewa.' }),
  failed: () => ({ text: 'Samahani, kuna hitilafu upande wetu.' }),
  pastCutoff: (p) => ({
    text: `Samahani, muda umekaribia sana ${p.action === 'cancel' ? 'kughairi' : 'kubadilisha'} hapa — hilo linawezekana hadi ${p.hours} kabla.`,
  }),
  pastDay: (p) => ({ text: p.when ? `${p.when} imeshapita.` : 'Siku hiyo imeshapita.' }),
  tooFarAhead: (p) => ({ text: `Naweza kuweka miadi hadi ${p.when ?? 'wiki chache mbele'} tu.` }),
  unanswered: () => ({ text: 'Sina uhakika kuhusu hilo.' }),
  payDeclined: (p) => ({ text: SW_DECLINED[p.reason ?? ''] ?? 'Malipo ya M-Pesa hayakufanikiwa.' }),
  payUnavailable: () => ({ text: 'Sikuweza kutuma ombi la M-Pesa kwa sasa.' }),
  holdExpired: () => ({
    text: 'Samahani, muda niliokuwa nimekushikilia umeachiliwa kwa sababu malipo hayakufika kwa wakati.',
  }),
  welcomeBack: () => ({ text: 'Karibu tena!' }),
  callResume: () => ({ text: 'Habari! Tulikuwa katikati ya kuweka miadi yako.' }),
  textOnly: () => ({ text: 'Kwa sasa ninaweza kusoma ujumbe wa maandishi tu.' }),
  twoServices: (p) => ({
    text: `Nitaanza na ${p.service}, kisha ${p.next} mara baada yake.`,
  }),
  nextService: (p) => ({ text: `Sasa ${p.service}, mara baada yake.` }),
  unavailable: (p) => ({
    text:
      p.reason === 'holiday'
        ? `Tumefunga ${p.when}${p.holiday ? ` (${p.holiday})` : ''}.`
        : p.reason === 'closed'
          ? `Tumefunga ${p.when}.`
          : p.reason === 'outside_hours'
            ? `${p.when} ni nje ya saa zetu za kazi.`
            : p.reason === 'too_soon'
              ? `${p.when} ni karibu mno kupanga.`
              : `${p.when} imeshachukuliwa.`,
  }),
  unknownService: (p) => ({ text: `Samahani, hatutoi huduma ya ${p.service}.` }),
  asideUnknown: () => ({
    text: 'Sina jibu la swali lako, lakini timu yetu inaweza kukusaidia — omba kuongea na mtu.',
  }),
  payTimedOut: () => ({ text: 'Sijapokea malipo ya M-Pesa.' }),
  holdReleasedLater: (p) => ({
    text: `Nafasi tuliyokushikilia — ${p.service}, ${p.when} — imeachiliwa kwa sababu malipo hayakukamilika. Jibu ujumbe huu wakati wowote kuweka miadi tena.`,
  }),
};

export const SW_LABELS: LabelBook = {
  yesBook: 'Ndiyo, weka',
  changeTime: 'Badilisha muda',
  anyone: 'Yeyote',
  today: 'Leo',
  tomorrow: 'Kesho',
  soonest: 'Nafasi ya mapema',
  yesCancel: 'Ndiyo, ghairi',
  keep: 'Usighairi',
  yesMove: 'Ndiyo, hamisha',
  tryAgain: 'Jaribu tena',
  payLater: 'Lipa ukifika',
  payCancel: 'Ghairi miadi',
  payMpesa: 'M-Pesa',
  payCard: 'Kadi',
  addYes: 'Ndiyo, ongeza',
  addNo: 'Hapana, asante',
  humanYes: 'Ndiyo, tafadhali',
  humanNo: 'Hapana, asante',
  resumeYes: 'Ndiyo, endelea',
  resumeNo: 'Anza upya',
  remConfirm: '1 Thibitisha',
  remReschedule: '2 Badilisha muda',
  chooseTime: 'Chagua muda',
  services: 'Huduma',
  bookings: 'Miadi',
  menu: 'Menyu',
  times: 'Nafasi',
  'menu.book': 'Panga miadi',
  'menu.my_bookings': 'Miadi yangu',
  'menu.reschedule': 'Badilisha muda',
  'menu.cancel': 'Ghairi miadi',
  'menu.prices': 'Bei',
  'menu.human': 'Ongea na mtu',
};
