import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../contract';
import { buttonsMessage } from '../messages';
import { checkReplies, findChoice } from './reply-match';
import { listScenarioFiles, loadScenario, parseScenario, phoneFor } from './scenario-loader';
import { expandDotted, scenarioSlug } from './scenario-tenant';

const FILE = 'scenarios/en/example.yaml';
const parse = (text: string) => parseScenario(text, FILE);
const failure = (text: string) => {
  try {
    parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the scenario to be refused');
};

describe('scenario loader', () => {
  it('reads a minimal scenario with its defaults', () => {
    const { scenario, customers } = parse('title: t\nturns:\n  - say: hi\n');
    expect(scenario.now).toBe('2026-11-18T10:00:00+03:00');
    expect(scenario.tenant).toEqual({ file: 'tenants/demo.yaml', overrides: {} });
    expect(customers).toEqual([{ name: 'me', phone: phoneFor(FILE, 'me') }]);
  });

  it('names the file and the field of a malformed scenario', () => {
    expect(failure('title: t\nturns:\n  - say: hi\n    expct: [x]\n')).toMatch(
      /^scenarios\/en\/example\.yaml: invalid scenario:\n {2}turns\.0: Unrecognized key: "expct"/,
    );
    expect(failure('title: t\nturns:\n  - wait: soon\n')).toContain(
      'turns.0.wait: a duration like 90s, 30m, 2h or 1d',
    );
    expect(failure('title: t\nturns:\n  - say: hi\n    tap: Yes\n')).toContain(
      'turns.0: a turn has one action, got say and tap',
    );
    expect(failure('turns:\n  - say: hi\n')).toContain('title:');
    expect(failure('title: t\nturns: [\n')).toMatch(
      /^scenarios\/en\/example\.yaml: not valid YAML/,
    );
  });

  it('refuses a customer that is not declared', () => {
    expect(failure('title: t\ncustomers: [a, b]\nturns:\n  - { as: c, say: hi }\n')).toBe(
      `${FILE}: turns.0.as: no customer named c (customers: a, b)`,
    );
  });

  it('gives each customer of each file a phone number of its own', () => {
    const phones = new Set([
      phoneFor('scenarios/a.yaml', 'me'),
      phoneFor('scenarios/b.yaml', 'me'),
      phoneFor('scenarios/a.yaml', 'b'),
    ]);
    expect(phones.size).toBe(3);
    for (const p of phones) expect(p).toMatch(/^\+25471\d{7}$/);
  });

  it('every scenario in the repository loads', async () => {
    const files = await listScenarioFiles();
    expect(files.length).toBeGreaterThanOrEqual(30);
    const slugs = new Set<string>();
    for (const f of files) slugs.add(scenarioSlug((await loadScenario(f)).file));
    expect(slugs.size).toBe(files.length);
  });
});

describe('tenant overrides', () => {
  it('expands dotted paths and merges them with nested objects', () => {
    expect(
      expandDotted({
        'payments.mpesa.enabled': true,
        personality: { formality: 'formal' },
        'personality.emoji': 'none',
      }),
    ).toEqual({
      payments: { mpesa: { enabled: true } },
      personality: { formality: 'formal', emoji: 'none' },
    });
  });
});

describe('reply matching', () => {
  const offer = buttonsMessage(
    'Here are the free times for Haircut on Fri 20 Nov:',
    ['slot:2026-11-20T15:00+03:00:wanjiku', '15:00 Wanjiku'],
    ['slot:2026-11-20T15:30+03:00:wanjiku', '15:30 Wanjiku'],
  );
  const booked: OutboundMessage = { kind: 'text', text: "You're booked! Haircut, 3:00 pm." };

  it('checks replies in order, by substring or /regex/, with kinds and buttons', () => {
    expect(checkReplies(['free times', "/^You're booked!/"], [offer, booked])).toEqual([]);
    expect(checkReplies([{ kind: 'buttons', buttons: ['15:30 Wanjiku'] }], [offer])).toEqual([]);
    expect(checkReplies(['booked'], [offer, booked])).toEqual([
      'expected 1 replies, got 2',
      'reply 1 does not match "booked"',
    ]);
    expect(checkReplies([], [])).toEqual([]);
  });

  it('any / not / count', () => {
    expect(checkReplies({ any: ['booked'], count: 2 }, [offer, booked])).toEqual([]);
    expect(checkReplies({ not: ['2026-11-20T15:00'] }, [offer])).toEqual([
      'reply 1 matches "2026-11-20T15:00", which it must not',
    ]);
  });

  it('finds a tap by title or id, newest reply first', () => {
    const older: OutboundMessage = {
      kind: 'buttons',
      text: 'old',
      buttons: [{ id: 'slot:2026-11-19T15:00+03:00:wanjiku', title: '15:00 Wanjiku' }],
    };
    expect(findChoice([older, offer], '15:00 Wanjiku')?.id).toBe(
      'slot:2026-11-20T15:00+03:00:wanjiku',
    );
    expect(findChoice([older, offer], 'slot:2026-11-19T15:00+03:00:wanjiku')?.title).toBe(
      '15:00 Wanjiku',
    );
    expect(findChoice([older, offer], '15:00 wanjiku')).toBeDefined();
    expect(findChoice([older, offer], 'Yes, book it')).toBeUndefined();
  });
});
