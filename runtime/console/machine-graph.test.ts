import { and, createMachine, not, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { probeMachine } from '../../machines';
import { activeNodeIds } from '../../contract';
import { machineGraph } from './machine-graph';

const nested = setup({
  guards: { isPaid: () => true, isVip: () => false },
  actions: { notify: () => undefined },
}).createMachine({
  id: 'shop',
  initial: 'browsing',
  on: { RESET: { target: '.browsing' } },
  states: {
    browsing: { on: { ADD: 'cart' } },
    cart: {
      initial: 'open',
      states: {
        open: {
          on: {
            PAY: [
              { guard: 'isPaid', target: 'paid', actions: 'notify' },
              { guard: and(['isPaid', not('isVip')]), target: '#shop.done' },
            ],
            NOTE: { actions: 'notify' },
          },
        },
        paid: { type: 'final' },
      },
      onDone: 'done',
      after: { 60000: 'browsing' },
      always: { guard: 'isVip', target: 'done' },
    },
    done: { type: 'final' },
  },
});

const parallel = createMachine({
  id: 'editor',
  type: 'parallel',
  states: {
    bold: { initial: 'off', states: { off: { on: { B: 'on' } }, on: { on: { B: 'off' } } } },
    italic: { initial: 'off', states: { off: { on: { I: 'on' } }, on: { on: { I: 'off' } } } },
  },
});

const history = createMachine({
  id: 'player',
  initial: 'playing',
  states: {
    playing: {
      initial: 'track',
      on: { PAUSE: 'paused' },
      states: {
        track: { initial: 'intro', states: { intro: { on: { NEXT: 'chorus' } }, chorus: {} } },
        ads: {},
        hist: { type: 'history', history: 'deep', target: 'ads' },
        shallow: { type: 'history' },
      },
    },
    paused: { on: { RESUME: 'playing.hist' } },
  },
});

describe('machineGraph', () => {
  it('lists nested states with parents, children, types and initial markers', () => {
    const g = machineGraph(nested, 'shop-thread');
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(g.root).toBe('');
    expect(byId.get('')).toMatchObject({ key: 'shop-thread', type: 'compound', parent: null });
    expect(byId.get('cart')).toMatchObject({
      type: 'compound',
      parent: '',
      initial: false,
      children: ['cart.open', 'cart.paid'],
    });
    expect(byId.get('browsing')!.initial).toBe(true);
    expect(byId.get('cart.open')!.initial).toBe(true);
    expect(byId.get('cart.paid')).toMatchObject({ type: 'final', parent: 'cart', initial: false });
    expect(byId.get('done')!.type).toBe('final');
    expect(g.nodes).toHaveLength(6);
  });

  it('lists every transition with its event, targets, guard and actions', () => {
    const g = machineGraph(nested);
    const pay = g.edges.filter((e) => e.event === 'PAY');
    expect(pay).toEqual([
      expect.objectContaining({
        source: 'cart.open',
        targets: ['cart.paid'],
        guard: 'isPaid',
        actions: ['notify'],
        kind: 'event',
      }),
      expect.objectContaining({ targets: ['done'], guard: 'and(isPaid, not(isVip))' }),
    ]);
    expect(g.edges.find((e) => e.event === 'NOTE')).toMatchObject({
      source: 'cart.open',
      targets: [],
      actions: ['notify'],
    });
    expect(g.edges.find((e) => e.event === 'RESET')).toMatchObject({
      source: '',
      targets: ['browsing'],
    });
    expect(g.edges.find((e) => e.kind === 'after')).toMatchObject({
      source: 'cart',
      targets: ['browsing'],
      label: 'after 60s',
    });
    expect(g.edges.find((e) => e.kind === 'always')).toMatchObject({
      source: 'cart',
      targets: ['done'],
      guard: 'isVip',
    });
    expect(g.edges.find((e) => e.kind === 'done')).toMatchObject({
      source: 'cart',
      targets: ['done'],
    });
    // Edge ids are unique (the browser keys its SVG elements by them).
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
  });

  it('draws parallel regions as siblings that are not initial', () => {
    const g = machineGraph(parallel);
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(byId.get('')!.type).toBe('parallel');
    expect(byId.get('bold')).toMatchObject({ type: 'compound', initial: false });
    expect(byId.get('italic.off')!.initial).toBe(true);
    expect(g.edges.filter((e) => e.event === 'B').map((e) => [e.source, e.targets])).toEqual([
      ['bold.off', ['bold.on']],
      ['bold.on', ['bold.off']],
    ]);
    expect(activeNodeIds(parallel.getInitialSnapshot(undefined as never).value).sort()).toEqual(
      ['', 'bold', 'bold.off', 'italic', 'italic.off'].sort(),
    );
  });

  it('draws history states, their depth and default targets, and transitions into them', () => {
    const g = machineGraph(history);
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(byId.get('playing.hist')).toMatchObject({ type: 'history', history: 'deep' });
    expect(byId.get('playing.shallow')).toMatchObject({ type: 'history', history: 'shallow' });
    expect(g.edges.find((e) => e.id === 'playing.hist:history')).toMatchObject({
      kind: 'history',
      targets: ['playing.ads'],
    });
    // Without a configured target the default is the parent's initial state.
    expect(g.edges.find((e) => e.id === 'playing.shallow:history')!.targets).toEqual([
      'playing.track',
    ]);
    expect(g.edges.find((e) => e.event === 'RESUME')!.targets).toEqual(['playing.hist']);
    expect(byId.get('playing.hist')!.initial).toBe(false);
  });

  it('derives the probe machine the runtime hosts', () => {
    const g = machineGraph(probeMachine, 'probe-thread');
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['', 'idle', 'waiting']);
    expect(g.edges.filter((e) => e.source === 'idle' && e.event === 'message')).toHaveLength(5);
    expect(g.edges.find((e) => e.guard === 'isRemind')!.targets).toEqual(['waiting']);
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
  });
});

describe('activeNodeIds', () => {
  it('expands nested state values into every active node', () => {
    expect(activeNodeIds('idle')).toEqual(['', 'idle']);
    expect(activeNodeIds({ a: { b: 'c' } })).toEqual(['', 'a', 'a.b', 'a.b.c']);
    expect(activeNodeIds(null)).toEqual(['']);
  });
});
