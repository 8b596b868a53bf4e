/**
 * Outbound messages written as tables, for the tests and benchmarks that feed renderers (the
 * channel renderers, speech rendering, the voice bench, the scenario matcher): each choice is an
 * `[id, title]` pair.
 */
import type { OutboundMessage } from '../contract';

export type Choice = readonly [id: string, title: string];

const choicesOf = (pairs: readonly Choice[]) => pairs.map(([id, title]) => ({ id, title }));

/** A buttons message: `text`, then one button per pair. */
export const buttonsMessage = (text: string, ...buttons: Choice[]): OutboundMessage => ({
  kind: 'buttons',
  text,
  buttons: choicesOf(buttons),
});

/** A list message with one section titled `section`: one row per pair. */
export const listMessage = (
  text: string,
  button: string,
  section: string,
  ...rows: Choice[]
): OutboundMessage => ({
  kind: 'list',
  text,
  button,
  sections: [{ title: section, rows: choicesOf(rows) }],
});
