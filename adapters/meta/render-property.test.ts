import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../contract';
import { renderMetaMessage } from './render';
import { metaSendBodyViolations } from './testing/send-body-violations';
import { arrayOf, lengthOf } from '../whatsapp/testing/text-arbitraries';

const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const id = fc.oneof(
  { arbitrary: slug, weight: 8 },
  { arbitrary: fc.constantFrom(999, 1000, 1001).map((n) => 'p'.repeat(n)), weight: 1 },
  { arbitrary: lengthOf(50), weight: 1 },
);
const choice = fc.record({ id, title: lengthOf(30) });

const message: fc.Arbitrary<OutboundMessage> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: lengthOf(2200) }),
  fc.record({
    kind: fc.constant('buttons' as const),
    text: fc.oneof(
      lengthOf(700),
      fc.constantFrom(639, 640, 641).map((n) => 'b'.repeat(n)),
    ),
    buttons: fc.oneof(
      arrayOf(choice, 15),
      fc.constantFrom(3, 4, 13, 14).chain((n) => fc.array(choice, { minLength: n, maxLength: n })),
    ),
  }),
  fc.record({
    kind: fc.constant('list' as const),
    text: lengthOf(2200),
    button: lengthOf(30),
    sections: arrayOf(
      fc.record({
        title: lengthOf(30),
        rows: arrayOf(
          fc.record(
            { id, title: lengthOf(30), description: lengthOf(80) },
            { requiredKeys: ['id', 'title'] },
          ),
          8,
        ),
      }),
      3,
    ),
  }),
);

describe('renderMetaMessage (property)', () => {
  it.each(['messenger', 'instagram'] as const)(
    'any message renders to a body the %s Send API accepts',
    (channel) => {
      fc.assert(
        fc.property(message, fc.constantFrom('en' as const, 'sw' as const), (m, language) => {
          const body = renderMetaMessage(channel, '6543210987654321', m, { language });
          expect(metaSendBodyViolations(channel, body)).toEqual([]);
        }),
        { numRuns: 200 },
      );
    },
    60_000,
  );
});
