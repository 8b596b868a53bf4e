/** The only public surface of `adapters/`: one factory per external system, and its types. */

// WhatsApp Cloud API
export {
  DEFAULT_WHATSAPP_OPTIONS,
  GraphError,
  SIGNATURE_HEADER,
  WHATSAPP_LIMITS,
  createWhatsAppAdapter,
  signatureHeader,
  type GraphErrorReason,
  type HandshakeQuery,
  type HandshakeResult,
  type HeaderValue,
  type ParseFailure,
  type ParseResult,
  type RawBody,
  type SignatureResult,
  type WhatsAppAccount,
  type WhatsAppAccountError,
  type WhatsAppAdapter,
  type WhatsAppButtonsBody,
  type WhatsAppContent,
  type WhatsAppError,
  type WhatsAppInboundItem,
  type WhatsAppInboundMessage,
  type WhatsAppListBody,
  type WhatsAppMarkReadBody,
  type WhatsAppMedia,
  type WhatsAppOptions,
  type WhatsAppRenderOptions,
  type WhatsAppSendBody,
  type WhatsAppSendResult,
  type WhatsAppStatusUpdate,
  type WhatsAppTemplate,
  type WhatsAppTemplateBody,
  type WhatsAppTextBody,
} from './whatsapp';

// Messenger and Instagram
export {
  DEFAULT_META_OPTIONS,
  META_LIMITS,
  createMetaAdapter,
  type MetaAccount,
  type MetaAdapter,
  type MetaButtonTemplate,
  type MetaChannel,
  type MetaContent,
  type MetaInboundMessage,
  type MetaMessagePayload,
  type MetaMessageTag,
  type MetaOptions,
  type MetaQuickReply,
  type MetaRenderOptions,
  type MetaSendBody,
  type MetaSendResult,
  type MetaSenderActionBody,
} from './meta';

// SMS (Africa's Talking)
export {
  DEFAULT_SMS_OPTIONS,
  SmsError,
  createSmsAdapter,
  parseSmsCost,
  type SmsAdapter,
  type SmsCost,
  type SmsFailureReason,
  type SmsOptions,
  type SmsParts,
  type SmsRecipientResult,
  type SmsRequest,
  type SmsSendResult,
} from './sms';

// Deepgram (voice-note transcription)
export {
  DEFAULT_DEEPGRAM_OPTIONS,
  DeepgramApiError,
  createDeepgramAdapter,
  listenParams,
  type DeepgramAdapter,
  type DeepgramErrorReason,
  type DeepgramOptions,
  type DeepgramTranscript,
  type TranscribeRequest,
} from './deepgram';

// Object storage (S3 / MinIO, or files under the data directory)
export {
  DEFAULT_S3_STORE_OPTIONS,
  FileAssetStore,
  S3AssetStore,
  checkKey as checkAssetKey,
  createAssetStore,
  type Asset,
  type AssetInfo,
  type AssetStore,
  type PutOptions as AssetPutOptions,
  type S3StoreOptions,
  type StorageOptions,
} from './storage';
