/**
 * Messenger and Instagram webhooks are signed exactly like WhatsApp's (`X-Hub-Signature-256`,
 * HMAC-SHA256 of the raw body with the App Secret): one implementation serves all three.
 */
export {
  SIGNATURE_HEADER,
  signatureHeader,
  verifySignature,
  type HeaderValue,
  type RawBody,
  type SignatureResult,
} from '../whatsapp/signature';
