import type { CopyBook, CardKey } from './copy-book';

/**
 * Card payments (PesaPal checkout link) and the choice between M-Pesa and card, in English and
 * Swahili; merged into `EN_COPY` and `SW_COPY`. `p.summary` is the checkout link.
 */

export const EN_CARD_COPY: Pick<CopyBook, CardKey> = {
  payChoose: (p) => ({
    text: `To secure your booking, please pay ${p.price}. How would you like to pay — M-Pesa or card?`,
  }),
  payCardLink: (p) => ({
    text: `Please pay ${p.price} by card here: ${p.summary}`,
    hint: 'The link is valid for 30 minutes; your time is held until then.',
    emoji: ['💳'],
  }),
  payCardWaiting: (p) => ({
    text: `I'm still waiting for your card payment.${p.summary ? ` The link again: ${p.summary}` : ''}`,
  }),
  payCardNudge: (p) => ({
    text: `Just a reminder: your booking is held until you pay.${p.summary ? ` Pay by card here: ${p.summary}` : ''}`,
  }),
  payCardAbandoned: () => ({
    text: "The card payment wasn't completed within 30 minutes, so I've released the time I was holding.",
  }),
  // On a call: a link can't be clicked, so it goes to WhatsApp and the call says so.
  payCardSent: (p) => ({
    text: `To secure your booking, please pay ${p.price} by card. I've sent the payment link to your WhatsApp; your time is held for 30 minutes.`,
  }),
  payCardResent: () => ({
    text: "I'm still waiting for your card payment. I've sent the payment link to your WhatsApp again.",
  }),
  // PesaPal did not make the checkout link (refused, down, no answer): nothing was sent.
  payCardUnavailable: () => ({ text: "Sorry, I couldn't get a card payment link just now." }),
  // After a card payment failed, when the tenant takes M-Pesa too.
  payFailedCard: () => ({ text: 'Would you like to pay by M-Pesa instead, or pay at the salon?' }),
  payFailedCardNoSalon: () => ({ text: 'Would you like to pay by M-Pesa instead?' }),
  refundSentCard: (p) => ({
    text: `Your refund of ${p.price} has been requested and will go back to the card or account you paid with.`,
  }),
};

export const SW_CARD_COPY: Pick<CopyBook, CardKey> = {
  payChoose: (p) => ({
    text: `Ili kuthibitisha nafasi yako, tafadhali lipa ${p.price}. Ungependa kulipa vipi — M-Pesa au kadi?`,
  }),
  payCardLink: (p) => ({
    text: `Tafadhali lipa ${p.price} kwa kadi hapa: ${p.summary}`,
    hint: 'Kiungo kinafanya kazi kwa dakika 30; nafasi yako imeshikiliwa hadi hapo.',
    emoji: ['💳'],
  }),
  payCardWaiting: (p) => ({
    text: `Bado ninasubiri malipo yako ya kadi.${p.summary ? ` Kiungo tena: ${p.summary}` : ''}`,
  }),
  payCardNudge: (p) => ({
    text: `Kumbusho tu: nafasi yako imeshikiliwa hadi ulipe.${p.summary ? ` Lipa kwa kadi hapa: ${p.summary}` : ''}`,
  }),
  payCardAbandoned: () => ({
    text: 'Malipo ya kadi hayakukamilika ndani ya dakika 30, kwa hivyo nimeachilia nafasi niliyokuwa nimekushikilia.',
  }),
  payCardSent: (p) => ({
    text: `Ili kuthibitisha nafasi yako, tafadhali lipa ${p.price} kwa kadi. Nimekutumia kiungo cha malipo kwenye WhatsApp yako; nafasi yako imeshikiliwa kwa dakika 30.`,
  }),
  payCardResent: () => ({
    text: 'Bado ninasubiri malipo yako ya kadi. Nimekutumia tena kiungo cha malipo kwenye WhatsApp yako.',
  }),
  payCardUnavailable: () => ({
    text: 'Samahani, sikuweza kupata kiungo cha malipo ya kadi kwa sasa.',
  }),
  payFailedCard: () => ({
    text: 'Ungependa kulipa kwa M-Pesa badala yake, au kulipa ukifika saluni?',
  }),
  payFailedCardNoSalon: () => ({ text: 'Ungependa kulipa kwa M-Pesa badala yake?' }),
  refundSentCard: (p) => ({
    text: `Marejesho yako ya ${p.price} yameombwa na yatarudi kwenye kadi au akaunti uliyolipia.`,
  }),
};
