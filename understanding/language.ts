import type { Language } from '../contract';

/**
 * Decides whether a message is English or Swahili by counting words from each language's list.
 * Catalog names, numbers, staff names and emoji count for neither, so "ok", "1" or "👍" keep the
 * thread's previous language. A tie between the two (a Sheng-ish mix such as "book kesho") goes to
 * the previous language, else to Swahili: English speakers rarely mix in Swahili, Swahili
 * speakers mix in English all the time.
 */

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

export const SWAHILI_WORDS = words(`
  na ya wa za la kwa ni si hii hiyo huyo hizo hapa pale huko kule mimi wewe yeye sisi nyinyi
  ninyi wao yangu yako yake yetu yenu yao zangu zako wangu wako langu lako changu nina una ana
  tuna mna wana niko nko uko yuko tuko mko mpo iko yupo kuna hakuna kama lakini au pia tu sana bado
  tena sasa hivi hivyo vipi nini gani ngapi wapi lini nani kwanini je ndiyo ndio hapana sawa
  poa safi fiti shwari asante asanteni ahsante shukran shukrani nashukuru tafadhali tafadhari
  karibu habari hujambo hamjambo sijambo jambo mambo niaje salama shikamoo marahaba hodi
  nataka ningependa naomba nahitaji napenda natamani hamu haja kubook kubuk buk bukisha weka
  niwekee panga nipange nipangie miadi futa kufuta nifutie ghairi kughairi sitaweza siwezi
  sitakuja kuja kufika nitakuja nije nikuje sitafika badilisha kubadilisha nibadilishie
  hamisha kuhamisha sogeza kusogeza mnafungua mnafunga mmefungua fungua funga wazi bei pesa
  shilingi bob doh gharama kiasi leo kesho kutwa keshokutwa mtondo jana juzi wiki ijayo mwezi
  mwaka siku tarehe saa dakika nusu robo kasorobo kasoro kamili asubuhi mchana alasiri jioni
  usiku jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili moja mbili tatu nne tano
  sita saba nane tisa kumi ishirini thelathini arobaini hamsini kwanza pili namba nambari
  yeyote yoyote haijalishi mtu watu binadamu mhudumu ongea kuongea niongee zungumza acha anza
  sitisha ujumbe nywele kusuka kunyoa kucha miguu mikono masaji mwili mzima kutengeneza nipe
  nipatie naweza inawezekana unaweza mnaweza mnafanya mnakubali mnatoa mnauza mahali anwani
  nifike aje huduma bure mwema njema samahani pole nimefika nimechelewa nitachelewa tutaonana
  kwaheri basi ama ili kwenye katika mbele nyuma kati hadi mpaka kabla baada wakati muda huna
  sina sitaki labda baadaye kabisa kweli halisi nyingine mwingine kidogo wengi kufanya kupata
  kujua kuuliza nauliza swali tatizo shida noma manze msee buda maze wasee nipigie simu
  nighairie ifute nihamishie nisogezee nireschedule kureschedule kucancel nicancel kuchange
  nichange nibook nibookie nibukie tubook usinitumie kunitumia nathibitisha thibitisha ee eeh
  hamna hizi wikendi desemba disemba januari februari machi aprili mei juni julai agosti
  septemba oktoba novemba huu ingine niunganishe nizungumze kuzungumza mwenye mwenyewe
`);

export const ENGLISH_WORDS = words(`
  i im id ill ive me my mine you your youre we us our they them their he she it its the a an
  to for at on in of with and or but is are am was were be been do does did dont doesnt didnt
  can cant cannot could would will wont shall should may might must have has had get got want
  wanna need like please pls plz thanks thank thx hi hello hey yes yeah yep no nope not sure
  fine good great cool book booking bookings appointment appointments reserve reservation
  schedule slot slots cancel reschedule move change postpone time date day days today tomorrow
  tonight morning afternoon evening night noon midday next this that these those week weekend
  monday tuesday wednesday thursday friday saturday sunday what whats when where which who why
  how much many price prices cost costs open close closing opening hours address location
  there here come go make some any anyone anybody someone somebody person human agent real
  talk speak stop start unsubscribe from by about around after before until till also too
  just only so then now later soon again one two three four five six seven eight nine ten
  eleven twelve first second third fourth fifth option number last oclock half past quarter
  message messages text call kindly sorry wait know tell ask question accept pay payment
  cash card available free busy possible still already done see check show list confirm
  correct right wrong alright sounds works perfect welcome do get if as up out off over
  again be been being able hair nails cut do done other another different instead either
  whoever matter mind care preference people parking directions map located much how please
  good great thank appreciate sir madam dear guys friend love really maybe yet very more
`);

/** Sheng verbs built on an English root: kubook, nicancel, kureschedule. */
const SHENG_VERB =
  /^(?:ku|ni|tu|m|u|a|wa|nita|uta|tuta|mta)(?:book|buk|cancel|reschedule|change|confirm|check|pay|text|call|chat)/;

export function detectLanguage(words: readonly string[], previous: Language | undefined): Language {
  let sw = 0;
  let en = 0;
  for (const word of words) {
    if (SWAHILI_WORDS.has(word) || SHENG_VERB.test(word)) sw += 1;
    else if (ENGLISH_WORDS.has(word)) en += 1;
  }
  if (sw > en) return 'sw';
  if (en > sw) return 'en';
  if (sw === 0) return previous ?? 'en';
  return previous ?? 'sw';
}
