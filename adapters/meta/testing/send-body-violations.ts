/**
 * What the Send API would refuse in a Messenger / Instagram `me/messages` body, written
 * independently of the renderer: text 2000 characters (Instagram: 1000 UTF-8 bytes), at most 13
 * quick replies with titles of 20 and payloads of 1000, button template text 640 with 1 to 3
 * postback buttons (Messenger only).
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function metaSendBodyViolations(
  channel: 'messenger' | 'instagram',
  body: unknown,
): string[] {
  const problems: string[] = [];
  const text = (path: string, value: unknown, max: number, bytes = false): void => {
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${path}: empty`);
      return;
    }
    const size = bytes ? Buffer.byteLength(value, 'utf8') : value.length;
    if (size > max) problems.push(`${path}: ${size} > ${max}`);
    if (LONE_SURROGATE.test(value)) problems.push(`${path}: lone surrogate`);
  };
  if (!isObject(body)) return ['body: not an object'];
  if (!isObject(body.recipient) || typeof body.recipient.id !== 'string') {
    problems.push('recipient.id: missing');
  }
  if (body.sender_action !== undefined) return problems;
  if (body.messaging_type === 'MESSAGE_TAG') {
    const allowed =
      channel === 'instagram'
        ? ['HUMAN_AGENT']
        : ['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE', 'HUMAN_AGENT'];
    if (!allowed.includes(String(body.tag))) problems.push(`tag: ${String(body.tag)} not allowed`);
  } else if (body.messaging_type !== 'RESPONSE') {
    problems.push('messaging_type: expected RESPONSE or MESSAGE_TAG');
  }
  const message = isObject(body.message) ? body.message : {};
  const payloads: unknown[] = [];
  const titles: unknown[] = [];
  if (message.attachment !== undefined) {
    if (channel === 'instagram') problems.push('attachment: no button template on Instagram');
    const attachment = isObject(message.attachment) ? message.attachment : {};
    const payload = isObject(attachment.payload) ? attachment.payload : {};
    if (attachment.type !== 'template' || payload.template_type !== 'button') {
      problems.push('attachment: only the button template is expected');
    }
    text('payload.text', payload.text, 640);
    const buttons = Array.isArray(payload.buttons) ? (payload.buttons as unknown[]) : [];
    if (buttons.length < 1 || buttons.length > 3) problems.push('buttons: 1 to 3');
    buttons.forEach((b, i) => {
      const button = isObject(b) ? b : {};
      if (button.type !== 'postback') problems.push(`buttons.${i}.type: expected postback`);
      text(`buttons.${i}.title`, button.title, 20);
      text(`buttons.${i}.payload`, button.payload, 1000);
      titles.push(button.title);
      payloads.push(button.payload);
    });
  } else {
    text(
      'message.text',
      message.text,
      channel === 'instagram' ? 1000 : 2000,
      channel === 'instagram',
    );
    if (message.quick_replies !== undefined) {
      const replies = Array.isArray(message.quick_replies)
        ? (message.quick_replies as unknown[])
        : [];
      if (replies.length < 1 || replies.length > 13) problems.push('quick_replies: 1 to 13');
      replies.forEach((r, i) => {
        const reply = isObject(r) ? r : {};
        if (reply.content_type !== 'text') problems.push(`quick_replies.${i}.content_type`);
        text(`quick_replies.${i}.title`, reply.title, 20);
        text(`quick_replies.${i}.payload`, reply.payload, 1000);
        titles.push(reply.title);
        payloads.push(reply.payload);
      });
    }
  }
  if (new Set(titles).size !== titles.length) problems.push('titles: duplicates');
  if (new Set(payloads).size !== payloads.length) problems.push('payloads: duplicates');
  return problems;
}
