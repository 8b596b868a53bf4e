import type { WhatsAppAdapter } from '../../adapters/whatsapp';
import type { Database } from '../db/database';
import type { EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import type { ChannelAccounts } from './channel-accounts';
import type { Transcriber } from './transcriber';

export interface VoiceNotePayload {
  /** The sender as WhatsApp gives it (wa_id). */
  from: string;
  /** wamid of the voice note: the transcript's inbox event id is `wa:<wamid>`. */
  messageId: string;
  mediaId: string;
  mimeType: string;
  /** When the customer sent it, epoch ms. */
  at: number;
}

export interface VoiceNotesDeps {
  db: Database;
  accounts: ChannelAccounts;
  whatsapp: WhatsAppAdapter;
  transcriber: Transcriber | undefined;
  ingress: () => Ingress | undefined;
  log: Logger;
}

/**
 * `voice.transcribe`: the outbox effect a WhatsApp voice note becomes at the webhook (so the ack
 * does not wait for speech recognition). Downloads the media with the tenant's token,
 * transcribes it, and delivers the words to the thread as a `message` with `voiceNote: true`.
 * When nothing could be heard (or the media is gone), the thread still gets the voice note, as
 * `media: 'audio'` with no text, and answers that it could not listen to it.
 */
export function voiceNoteHandler(deps: VoiceNotesDeps): EffectHandler {
  return {
    answers: false,
    async run(raw, ctx) {
      const p = raw as unknown as VoiceNotePayload;
      let text = '';
      let how = 'none';
      const account = await deps.accounts.whatsapp(ctx.tenant);
      if (account && deps.transcriber) {
        // Media errors keep their classification: a 5xx/timeout is retried by the outbox.
        const media = await deps.whatsapp.fetchMedia(account, p.mediaId);
        try {
          text = await deps.transcriber.transcribe(media.bytes, media.mimeType);
          how = deps.transcriber.name;
        } catch (err) {
          deps.log.warn({ err, tenant: ctx.tenant.slug }, 'voice note transcription failed');
        }
      }
      const ingress = deps.ingress();
      if (!ingress) throw new Error('ingress is not ready');
      await ingress.acceptMessage(
        {
          tenant: ctx.tenant.slug,
          from: p.from,
          channel: 'whatsapp',
          text,
          voiceNote: true,
          ...(text ? {} : { media: 'audio' }),
          eventId: `wa:${p.messageId}`,
          source: 'whatsapp',
        },
        { at: p.at },
      );
      return { transcriber: how, words: text ? text.split(' ').length : 0 };
    },
  };
}
