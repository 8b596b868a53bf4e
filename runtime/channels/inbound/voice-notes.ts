import type { MetaAdapter } from '../../../adapters/meta';
import type { WhatsAppAdapter } from '../../../adapters/whatsapp';
import type { Database } from '../../db/database';
import type { EffectContext, EffectHandler } from '../../effects/effect-handler';
import { RatibaError } from '../../../contract';
import type { Logger } from '../../logger';
import type { Ingress } from '../../mailbox/ingress';
import { threadKeyFor } from '../../supervisor/thread-key';
import type { Tenant } from '../../tenancy/tenant-registry';
import type { ChannelAccounts } from '../channel-accounts';
import { customerOfWords } from './identities';
import { metaEventId } from './event-ids';
import type { Transcriber } from '../../../voice';

/** A WhatsApp voice note: its media id is looked up and downloaded with the tenant's token. */
export interface WhatsAppVoiceNote {
  /** Absent on rows enqueued before Instagram and Messenger voice notes existed. */
  channel?: 'whatsapp';
  /** The sender as WhatsApp gives it (wa_id). */
  from: string;
  /** wamid of the voice note: the transcript's inbox event id is `wa:<wamid>`. */
  messageId: string;
  mediaId: string;
  mimeType: string;
  /** When the customer sent it, epoch ms. */
  at: number;
}

/** An Instagram / Messenger audio attachment: its `payload.url` is downloaded as it is. */
export interface MetaVoiceNote {
  channel: 'instagram' | 'messenger';
  /** Page id / Instagram account id and the page-scoped sender id: the customer's identity. */
  accountId: string;
  senderId: string;
  /** `mid`: the transcript's inbox event id is `ig:<mid>` / `fb:<mid>`. */
  messageId: string;
  url: string;
  at: number;
}

export type VoiceNotePayload = WhatsAppVoiceNote | MetaVoiceNote;

const isMeta = (p: VoiceNotePayload): p is MetaVoiceNote =>
  p.channel === 'instagram' || p.channel === 'messenger';

export interface VoiceNotesDeps {
  db: Database;
  accounts: ChannelAccounts;
  whatsapp: WhatsAppAdapter;
  meta: Record<'instagram' | 'messenger', MetaAdapter>;
  transcriber: Transcriber | undefined;
  ingress: Ingress;
  log: Logger;
  /** The outbox's attempts per effect: the last one delivers the voice note even unheard. */
  maxAttempts: number;
}

const MAX_TEXT = 4096;

/**
 * `voice.transcribe`: the outbox effect a voice note becomes at the webhook (so the ack does not
 * wait for speech recognition). Downloads the audio (WhatsApp: media id with the tenant's token;
 * Instagram / Messenger: the attachment URL), transcribes it with the tenant's languages, and
 * delivers the words to the thread as a `message` with `voiceNote: true`.
 *
 * Failures: a retryable one (a provider's 429, 5xx, timeout; a download that timed out) is
 * thrown, so the outbox tries again with backoff, until the last attempt. A final one (Deepgram
 * 400/401, audio pocketsphinx cannot decode, an expired link) and the last attempt's failure are
 * logged, and the thread still gets the voice note, as `media: 'audio'` with no text, and answers
 * that it could not listen to it. A voice note is never dropped.
 */
export function voiceNoteHandler(deps: VoiceNotesDeps): EffectHandler {
  return {
    answers: false,
    async run(raw, ctx) {
      const p = raw as unknown as VoiceNotePayload;
      let text = '';
      let how = 'none';
      if (deps.transcriber) {
        try {
          const audio = await download(deps, ctx.tenant, p);
          if (audio) {
            text = await deps.transcriber.transcribe(audio.bytes, audio.mimeType, {
              languages: ctx.tenant.languages,
            });
            how = deps.transcriber.name;
          }
        } catch (err) {
          const retryable = err instanceof RatibaError && err.retryable;
          if (retryable && ctx.attempt < deps.maxAttempts) throw err;
          deps.log.warn(
            { err, tenant: ctx.tenant.slug, attempt: ctx.attempt, retryable },
            'voice note not transcribed; delivered without words',
          );
        }
      }
      await deliver(deps, ctx, p, text.slice(0, MAX_TEXT));
      return { transcriber: how, words: text ? text.split(' ').length : 0 };
    },
  };
}

async function download(
  deps: VoiceNotesDeps,
  tenant: Tenant,
  p: VoiceNotePayload,
): Promise<{ bytes: Buffer; mimeType: string } | undefined> {
  if (isMeta(p)) {
    const a = await deps.meta[p.channel].fetchAttachment(p.url);
    // The CDN may answer a generic type; an audio attachment is audio (Deepgram sniffs the rest).
    return { bytes: a.bytes, mimeType: a.mimeType.startsWith('audio/') ? a.mimeType : 'audio/mp4' };
  }
  const account = await deps.accounts.whatsapp(tenant);
  if (!account) return undefined;
  const media = await deps.whatsapp.fetchMedia(account, p.mediaId);
  return { bytes: media.bytes, mimeType: media.mimeType };
}

async function deliver(
  deps: VoiceNotesDeps,
  ctx: EffectContext,
  p: VoiceNotePayload,
  text: string,
) {
  const ingress = deps.ingress;
  const heard = text ? {} : { media: 'audio' };
  if (isMeta(p)) {
    // Resolved now, not at the webhook: the identity may have been merged into a phone customer
    // since, or be merged by a phone number spoken in this very note.
    const customerId = await customerOfWords(
      deps.db,
      ctx.tenant.schema,
      p.channel,
      `${p.accountId}:${p.senderId}`,
      text,
      deps.log,
    );
    await ingress.accept({
      tenant: ctx.tenant.slug,
      eventId: metaEventId(p.channel, p.messageId),
      threadKey: threadKeyFor('customer', customerId),
      kind: 'customer',
      customerId,
      source: p.channel,
      channel: p.channel,
      event: { type: 'message', at: p.at, channel: p.channel, text, voiceNote: true, ...heard },
    });
    return;
  }
  await ingress.acceptMessage(
    {
      tenant: ctx.tenant.slug,
      from: p.from,
      channel: 'whatsapp',
      text,
      voiceNote: true,
      ...heard,
      eventId: `wa:${p.messageId}`,
      source: 'whatsapp',
    },
    { at: p.at },
  );
}
