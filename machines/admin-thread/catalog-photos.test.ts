import { describe, expect, it } from 'vitest';
import type { Effect } from '../../contract';
import { Owner } from './test-kit';

const ID = '14814089-3d91-4e02-b56e-06255590de09';

/** Each event's effects, from a new admin thread. */
function run(events: (Record<string, unknown> & { type: string })[]): Effect[][] {
  const owner = new Owner();
  return events.map((e) => owner.send(e));
}

const photo = (language: 'en' | 'sw') => ({
  type: 'message',
  channel: 'whatsapp',
  text: '',
  media: 'image',
  mediaId: '1398765432100001',
  mimeType: 'image/jpeg',
  admin: { language, command: { type: 'unknown' } },
});
const staged = (problems: { line: number; message: string }[] = []) => ({
  type: 'call.result',
  kind: 'admin.catalog_photo',
  result: {
    staged: true,
    draftId: ID,
    services: [{ name: 'Haircut', action: 'update', priceKesMinor: 130_000, durationMin: 30 }],
    problems,
  },
});

describe('admin thread: a photo of a price list', () => {
  it('asks for the reading, then shows the summary with Confirm and Cancel taps', () => {
    const [asked, shown] = run([photo('en'), staged()]);
    expect(asked).toContainEqual({
      type: 'call',
      kind: 'admin.catalog_photo',
      payload: { mediaId: '1398765432100001', mimeType: 'image/jpeg', caption: '' },
    });
    const card = shown![0] as Extract<Effect, { type: 'reply' }>;
    expect(card.message).toMatchObject({
      kind: 'buttons',
      buttons: [
        { id: `cat:apply:${ID}`, title: 'Confirm' },
        { id: `cat:discard:${ID}`, title: 'Cancel' },
      ],
    });
    expect(card.message.text).toContain('✏️ Haircut: KES 1,300, 30 min');
  });

  it('offers no Confirm while a row has a problem, and says so in Swahili', () => {
    const [, shown] = run([photo('sw'), staged([{ line: 2, message: 'not a price in KES: "x"' }])]);
    const card = shown![0] as Extract<Effect, { type: 'reply' }>;
    expect(card.message).toMatchObject({ buttons: [{ id: `cat:discard:${ID}`, title: 'Ghairi' }] });
    expect(card.message.text).toContain('Mstari 2: not a price in KES');
  });

  it('a tap applies through admin.catalog_draft; a refusal is said in the owner’s language', () => {
    const [, tapped, told] = run([
      photo('sw'),
      {
        type: 'message',
        channel: 'whatsapp',
        text: 'Thibitisha',
        replyId: `cat:apply:${ID}`,
        admin: { language: 'sw', command: { type: 'unknown' } },
      },
      {
        type: 'call.result',
        kind: 'admin.catalog_photo',
        result: { staged: false, text: { en: 'needs a model key', sw: 'inahitaji ufunguo' } },
      },
    ]);
    expect(tapped).toEqual([
      { type: 'call', kind: 'admin.catalog_draft', payload: { draftId: ID, action: 'apply' } },
    ]);
    expect(told).toEqual([{ type: 'reply', message: { kind: 'text', text: 'inahitaji ufunguo' } }]);
  });
});
