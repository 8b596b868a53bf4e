/**
 * Request bodies of `POST /{phone-number-id}/messages` (Cloud API), and the two bodies that need
 * no rendering decisions: templates (outside the 24-hour window) and mark-as-read.
 */
import { RatibaError } from '../../contract';
import { singleLine, truncate } from './text';

interface Envelope {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
}

export interface WhatsAppTextBody extends Envelope {
  type: 'text';
  text: { preview_url: boolean; body: string };
}

export interface InteractiveFrame {
  header?: { type: 'text'; text: string };
  body: { text: string };
  footer?: { text: string };
}

export interface WhatsAppButtonsBody extends Envelope {
  type: 'interactive';
  interactive: InteractiveFrame & {
    type: 'button';
    action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
  };
}

export interface WhatsAppListRow {
  id: string;
  title: string;
  description?: string;
}

export interface WhatsAppListBody extends Envelope {
  type: 'interactive';
  interactive: InteractiveFrame & {
    type: 'list';
    action: { button: string; sections: { title?: string; rows: WhatsAppListRow[] }[] };
  };
}

export interface WhatsAppTemplateBody extends Envelope {
  type: 'template';
  template: {
    name: string;
    language: { code: string };
    components?: { type: 'body'; parameters: { type: 'text'; text: string }[] }[];
  };
}

export type WhatsAppSendBody =
  WhatsAppTextBody | WhatsAppButtonsBody | WhatsAppListBody | WhatsAppTemplateBody;

export interface WhatsAppMarkReadBody {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
}

/** An approved template, for messages outside the 24-hour customer service window. */
export interface WhatsAppTemplate {
  /** Approved template name: lowercase letters, digits and underscores. */
  name: string;
  /** Language code of the approved translation: `en`, `en_US`, `sw`. */
  language: string;
  /** Values of {{1}}, {{2}}, ... in the template body, in order. */
  bodyParameters?: readonly string[];
}

/** A body parameter may not be longer than the whole template body may be. */
export const TEMPLATE_PARAMETER_MAX = 1024;

export function envelope(to: string): Envelope {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to: to.trim() };
}

export function renderWhatsAppTemplate(
  to: string,
  template: WhatsAppTemplate,
): WhatsAppTemplateBody {
  if (!/^[a-z0-9_]{1,512}$/.test(template.name)) {
    throw new RatibaError('bad_request', `invalid WhatsApp template name "${template.name}"`);
  }
  if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(template.language)) {
    throw new RatibaError('bad_request', `invalid template language "${template.language}"`);
  }
  const body: WhatsAppTemplateBody = {
    ...envelope(to),
    type: 'template',
    template: { name: template.name, language: { code: template.language } },
  };
  const params = template.bodyParameters ?? [];
  if (params.length > 0) {
    const parameters = params.map((p) => ({ type: 'text' as const, text: templateParameter(p) }));
    body.template.components = [{ type: 'body', parameters }];
  }
  return body;
}

/**
 * Meta refuses parameters with new lines, tabs or more than four consecutive spaces (132018),
 * and empty ones; they become one line, and an empty one a dash.
 */
function templateParameter(value: string): string {
  const text = truncate(singleLine(value), TEMPLATE_PARAMETER_MAX);
  return text === '' ? '-' : text;
}

export function renderWhatsAppMarkRead(messageId: string): WhatsAppMarkReadBody {
  return { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
}
