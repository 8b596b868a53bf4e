import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../contract';
import { renderWhatsAppMessage } from './render';
import { renderWhatsAppTemplate } from './send-body';
import { whatsAppSendBodyViolations } from './testing/send-body-violations';
import { arrayOf, lengthOf } from './testing/text-arbitraries';

const option = fc.record({ id: lengthOf(300), title: lengthOf(40) });

const row = fc.record(
  { id: lengthOf(250), title: lengthOf(40), description: lengthOf(100) },
  { requiredKeys: ['id', 'title'] },
);

export const outboundMessage: fc.Arbitrary<OutboundMessage> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: lengthOf(4200) }),
  fc.record({
    kind: fc.constant('buttons' as const),
    text: lengthOf(1500),
    buttons: arrayOf(option, 15),
  }),
  fc.record({
    kind: fc.constant('list' as const),
    text: lengthOf(4200),
    button: lengthOf(30),
    // Up to 24 rows in up to 4 sections: past every count limit without slow generation.
    sections: arrayOf(fc.record({ title: lengthOf(30), rows: arrayOf(row, 6) }), 4),
  }),
);

/**
 * Realistic messages (ASCII ids, short titles) so the interactive paths are well covered too,
 * with ids, bodies and counts drawn right at the limits as often as anywhere else.
 */
const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const edgeId = fc.oneof(
  { arbitrary: slug, weight: 9 },
  {
    arbitrary: fc
      .tuple(slug, fc.constantFrom(199, 200, 201, 255, 256, 257))
      .map(([s, n]) => s.padEnd(n, 'x')),
    weight: 1,
  },
);
const edgeText = fc.oneof(
  lengthOf(200),
  fc.constantFrom(1023, 1024, 1025, 4095, 4096, 4097).map((n) => 'y'.repeat(n)),
);
const edgeCount = <T>(item: fc.Arbitrary<T>, counts: number[]) =>
  fc.constantFrom(...counts).chain((n) => fc.array(item, { minLength: n, maxLength: n }));
const realistic: fc.Arbitrary<OutboundMessage> = fc.oneof(
  fc.record({
    kind: fc.constant('buttons' as const),
    text: edgeText,
    buttons: fc.constantFrom(1, 2, 3, 4, 10, 11).chain((n) =>
      fc.uniqueArray(fc.record({ id: edgeId, title: lengthOf(30) }), {
        minLength: n,
        maxLength: n,
        selector: (b) => b.id,
      }),
    ),
  }),
  fc.record({
    kind: fc.constant('list' as const),
    text: edgeText,
    button: lengthOf(25),
    sections: arrayOf(
      fc.record({
        title: lengthOf(30),
        rows: edgeCount(
          fc.record({ id: edgeId, title: lengthOf(30), description: lengthOf(80) }),
          [0, 1, 5, 10, 11],
        ),
      }),
      2,
    ),
  }),
);

const renderOptions = fc.record(
  {
    language: fc.constantFrom('en' as const, 'sw' as const),
    header: lengthOf(80),
    footer: lengthOf(80),
    previewUrl: fc.boolean(),
  },
  { requiredKeys: [] },
);

function inputIds(message: OutboundMessage): Set<string> {
  if (message.kind === 'buttons') return new Set(message.buttons.map((b) => b.id));
  if (message.kind === 'list')
    return new Set(message.sections.flatMap((s) => s.rows.map((r) => r.id)));
  return new Set();
}

function outputIds(body: ReturnType<typeof renderWhatsAppMessage>): string[] {
  if (body.type !== 'interactive') return [];
  if (body.interactive.type === 'button')
    return body.interactive.action.buttons.map((b) => b.reply.id);
  return body.interactive.action.sections.flatMap((s) => s.rows.map((r) => r.id));
}

describe('renderWhatsAppMessage (property)', () => {
  it.each([
    ['any message', outboundMessage],
    ['realistic messages', realistic],
  ])(
    '%s renders to a body the Cloud API accepts, keeping ids intact',
    (_, messages) => {
      fc.assert(
        fc.property(messages, renderOptions, (message, options) => {
          const body = renderWhatsAppMessage('+254712000001', message, options);
          expect(whatsAppSendBodyViolations(body)).toEqual([]);
          const ids = inputIds(message);
          for (const id of outputIds(body)) expect(ids.has(id)).toBe(true);
        }),
        { numRuns: 200 },
      );
    },
    60_000,
  );

  it('keeps up to 3 valid buttons as reply buttons, unchanged', () => {
    const valid = fc.record({
      text: fc.string({ minLength: 1, maxLength: 1024 }).filter((t) => t.trim() === t && t !== ''),
      buttons: fc.uniqueArray(
        fc.record({ id: slug, title: fc.stringMatching(/^[A-Za-z]( ?[A-Za-z]){0,9}$/) }),
        { minLength: 1, maxLength: 3, selector: (b) => b.title },
      ),
    });
    fc.assert(
      fc.property(valid, ({ text, buttons }) => {
        fc.pre(new Set(buttons.map((b) => b.id)).size === buttons.length);
        fc.pre(!/\s{2,}|\n/.test(text) && !/\p{Cc}/u.test(text));
        const body = renderWhatsAppMessage('+254712000001', { kind: 'buttons', text, buttons });
        expect(body).toMatchObject({
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text },
            action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) },
          },
        });
      }),
    );
  });

  it('any template parameters render to an acceptable body', () => {
    fc.assert(
      fc.property(arrayOf(lengthOf(1500), 5), (params) => {
        const body = renderWhatsAppTemplate('+254712000001', {
          name: 'appointment_reminder',
          language: 'sw',
          bodyParameters: params,
        });
        expect(whatsAppSendBodyViolations(body)).toEqual([]);
      }),
    );
  });
});
