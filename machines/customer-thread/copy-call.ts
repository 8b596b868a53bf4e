import type { CopyBook, CallKey } from './copy-book';

/** Wording of a call's summary sent to WhatsApp (chat-copy.ts); merged into EN_COPY / SW_COPY. */

export const EN_CALL_COPY: Pick<CopyBook, CallKey> = {
  chatCopyHead: () => ({ text: 'From your call with us:' }),
  chatCopyDraft: (p) => ({
    text: `You're booking ${p.service}${p.when ? ` ${p.when}` : ''}.`,
  }),
  chatCopyHeld: (p) => ({
    text: `${p.service}, ${p.when}: held for you until the M-Pesa payment comes through.`,
  }),
  chatCopyHeldCard: (p) => ({
    text: `${p.service}, ${p.when}: held for you until the card payment comes through.${p.summary ? ` Pay here: ${p.summary}` : ''}`,
  }),
  chatCopyNothing: () => ({ text: 'Nothing is booked yet.' }),
  chatCopyGoOn: () => ({ text: 'Reply here to go on from where we stopped.' }),
  chatCopySent: () => ({ text: "Done — I've sent it to your WhatsApp." }),
};

export const SW_CALL_COPY: Pick<CopyBook, CallKey> = {
  chatCopyHead: () => ({ text: 'Kutoka kwenye simu yako nasi:' }),
  chatCopyDraft: (p) => ({
    text: `Unaweka miadi ya ${p.service}${p.when ? ` ${p.when}` : ''}.`,
  }),
  chatCopyHeld: (p) => ({
    text: `${p.service}, ${p.when}: tumekushikia nafasi hadi malipo ya M-Pesa yafike.`,
  }),
  chatCopyHeldCard: (p) => ({
    text: `${p.service}, ${p.when}: tumekushikia nafasi hadi malipo ya kadi yafike.${p.summary ? ` Lipa hapa: ${p.summary}` : ''}`,
  }),
  chatCopyNothing: () => ({ text: 'Bado hakuna miadi.' }),
  chatCopyGoOn: () => ({ text: 'Jibu hapa tuendelee tulipoishia.' }),
  chatCopySent: () => ({ text: 'Sawa — nimekutumia kwenye WhatsApp.' }),
};
