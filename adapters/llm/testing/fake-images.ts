/**
 * Images in a model request as the fakes check them: the real wire shapes (Anthropic `image`
 * blocks with a base64 `source`; OpenAI `image_url` parts with a `data:` URL), the base64 must
 * decode, and the bytes must be the image type they claim (the APIs refuse a mismatch).
 */
import { isObj, type Obj } from './fake-model-script';

export interface FakeImage {
  mediaType: string;
  bytes: Buffer;
}

const TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The type the bytes are, by their magic numbers. */
export function sniffImage(b: Buffer): string | undefined {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString() === 'WEBP')
    return 'image/webp';
  return undefined;
}

function decoded(mediaType: unknown, data: unknown): FakeImage | string {
  if (typeof mediaType !== 'string' || !TYPES.includes(mediaType))
    return `media_type: Input should be ${TYPES.map((t) => `'${t}'`).join(', ')}`;
  if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data))
    return 'data: Invalid base64 data';
  const bytes = Buffer.from(data, 'base64');
  if (sniffImage(bytes) !== mediaType)
    return `The image was specified using the ${mediaType} media type, but the image appears to be a ${sniffImage(bytes) ?? 'unknown'} image`;
  return { mediaType, bytes };
}

/** A user turn's content, or why the API would refuse it. */
export type FakeContent = { text: string; images: FakeImage[] } | { problem: string };
type Part = string | FakeImage | { problem: string };

/** A turn's content, a string or a list of parts, each part read by `part` (the i-th). */
function readContent(
  content: unknown,
  notAList: string,
  part: (p: unknown, i: number) => Part,
): FakeContent {
  if (typeof content === 'string') return { text: content, images: [] };
  if (!Array.isArray(content)) return { problem: notAList };
  const texts: string[] = [];
  const images: FakeImage[] = [];
  for (const [i, p] of (content as unknown[]).entries()) {
    const read = part(p, i);
    if (typeof read === 'string') texts.push(read);
    else if ('problem' in read) return read;
    else images.push(read);
  }
  return { text: texts.join('\n'), images };
}

/** An Anthropic content block: its text or image. */
function anthropicPart(block: unknown, i: number): Part {
  const at = `messages.0.content.${i}`;
  if (!isObj(block)) return { problem: `${at}: Input should be an object` };
  if (block.type === 'text' && typeof block.text === 'string') return block.text;
  if (block.type !== 'image')
    return { problem: `${at}: unknown content block type ${String(block.type)}` };
  const src = isObj(block.source) ? block.source : ({} as Obj);
  if (src.type !== 'base64') return { problem: `${at}.image.source.type: expected base64` };
  const img = decoded(src.media_type, src.data);
  return typeof img === 'string' ? { problem: `${at}.image.source.base64.${img}` } : img;
}

/** An OpenAI content part: its text or image. */
function openAiPart(part: unknown): Part {
  if (isObj(part) && part.type === 'text' && typeof part.text === 'string') return part.text;
  const url = isObj(part) && isObj(part.image_url) ? part.image_url.url : undefined;
  if (!isObj(part) || part.type !== 'image_url' || typeof url !== 'string')
    return { problem: "Invalid content part: expected 'text' or 'image_url'." };
  const m = /^data:([a-z/]+);base64,(.*)$/s.exec(url);
  const img = m ? decoded(m[1], m[2]) : 'not a data URL';
  if (typeof img !== 'string') return img;
  return {
    problem: `You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp']. (${img})`,
  };
}

/** An Anthropic user turn's content: its text and images, or why the API would refuse it. */
export const anthropicContent = (content: unknown): FakeContent =>
  readContent(content, 'messages.0.content: Input should be a list', anthropicPart);

/** An OpenAI user message's content: its text and images, or why the API would refuse it. */
export const openAiContent = (content: unknown): FakeContent =>
  readContent(content, "Invalid type for 'messages[].content'.", openAiPart);
