/**
 * Zod schemas of Deepgram's prerecorded API (`POST /v1/listen`): the transcription answer and the
 * error envelope. Only what the adapter reads is required; everything else passes through.
 */
import { z } from 'zod';

const alternativeSchema = z.object({
  transcript: z.string(),
  confidence: z.number().optional(),
});

const channelSchema = z.object({
  alternatives: z.array(alternativeSchema),
  /** With `detect_language=true`: the dominant language, e.g. `en`. */
  detected_language: z.string().optional(),
  language_confidence: z.number().optional(),
});

export const listenResponseSchema = z.object({
  metadata: z.object({
    request_id: z.string().min(1),
    duration: z.number().nonnegative().optional(),
    channels: z.number().int().optional(),
  }),
  results: z.object({ channels: z.array(channelSchema) }),
});

export type ListenResponse = z.infer<typeof listenResponseSchema>;

/**
 * Error bodies: `{err_code, err_msg, request_id}` on most failures, `{category, message,
 * details, request_id}` on some (developers.deepgram.com/reference/errors).
 */
export const deepgramErrorBodySchema = z.object({
  err_code: z.string().optional(),
  err_msg: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  details: z.string().optional(),
  request_id: z.string().optional(),
});
