/**
 * `npx ratiba call` prints the call's transcript line by line (README "Voice"). Regression: the
 * filler lost its `[filler]` mark when calls moved to AgentCall (fcd53f7 made AgentCall record
 * the filler as its own line, `filler: true`; agent-call.test.ts checks that side).
 */
import { describe, expect, it } from 'vitest';
import { transcriptLine } from './call-command';

describe('the transcript npx ratiba call prints', () => {
  it('marks the filler, cut-off and unheard words, and the caller choices', () => {
    const lines = [
      { who: 'caller', text: 'is friday free', seq: 1, at: 0 },
      { who: 'agent', text: 'One moment.', heard: 'yes', filler: true, at: 1 },
      { who: 'agent', text: 'Friday has ten or two.', heard: 'partly', at: 2 },
      { who: 'agent', text: 'Saturday has nine.', heard: 'no', at: 3 },
      { who: 'caller', text: 'the second one', seq: 2, choice: 2, at: 4 },
      { who: 'agent', text: 'Sawa,', heard: 'partly', filler: true, at: 5 },
      { who: 'agent', text: 'Two it is.', heard: 'yes', at: 6 },
    ] as const;
    expect(lines.map(transcriptLine)).toEqual([
      'caller> is friday free',
      'agent>  One moment.   [filler]',
      'agent>  Friday has ten or two.   [cut off]',
      'agent>  Saturday has nine.   [not heard]',
      'caller> the second one   [choice 2]',
      'agent>  Sawa,   [cut off]   [filler]',
      'agent>  Two it is.',
    ]);
  });
});
