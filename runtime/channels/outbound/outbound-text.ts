import type { OutboundMessage } from '../../../contract';

/**
 * A channel-neutral reply as plain text, for channels without buttons (SMS, a template
 * parameter): the text, then the options numbered "1. Confirm". The customer-thread machine
 * understands "1" / "2" as the first / second option.
 */
export function flattenMessage(message: OutboundMessage): string {
  switch (message.kind) {
    case 'text':
      return message.text;
    case 'buttons':
      return [message.text, ...message.buttons.map((b, i) => `${i + 1}. ${b.title}`)].join('\n');
    case 'list': {
      const rows = message.sections.flatMap((s) => s.rows);
      return [message.text, ...rows.map((r, i) => `${i + 1}. ${r.title}`)].join('\n');
    }
  }
}

/** The same, on one line (template parameters may not contain newlines or tabs). */
export function oneLine(text: string, max = 1024): string {
  const line = text
    .replace(/\s*\n+\s*/g, ' · ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * A reminder (the customer-thread machine's answer to `reminder.due`): its buttons carry ids
 * `reminder:confirm:<id>` / `reminder:reschedule:<id>`. Only reminders fall back to SMS.
 */
export function isReminder(message: OutboundMessage): boolean {
  return message.kind === 'buttons' && message.buttons.some((b) => b.id.startsWith('reminder:'));
}
