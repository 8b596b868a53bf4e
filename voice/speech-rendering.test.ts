import { describe, expect, it } from 'vitest';
import { buttonsMessage, listMessage } from '../test-support/messages';
import { renderSpeech, speakable, swahiliClock } from './speech-rendering';
import { englishOrdinal, numberWords } from './spoken-numbers';

describe('numbers in words', () => {
  it.each([
    [0, 'zero', 'sifuri'],
    [21, 'twenty-one', 'ishirini na moja'],
    [105, 'one hundred and five', 'mia moja na tano'],
    [125, 'one hundred and twenty-five', 'mia moja ishirini na tano'],
    [800, 'eight hundred', 'mia nane'],
    [1500, 'one thousand five hundred', 'elfu moja mia tano'],
    [3500, 'three thousand five hundred', 'elfu tatu mia tano'],
    [1005, 'one thousand and five', 'elfu moja na tano'],
    [15000, 'fifteen thousand', 'elfu kumi na tano'],
    [150000, 'one hundred and fifty thousand', 'laki moja elfu hamsini'],
    [2000000, 'two million', 'milioni mbili'],
  ])('%i', (n, en, sw) => {
    expect(numberWords(n, 'en')).toBe(en);
    expect(numberWords(n, 'sw')).toBe(sw);
  });

  it('leaves what is not a whole number in range as digits', () => {
    expect(numberWords(-3, 'en')).toBe('-3');
    expect(numberWords(2.5, 'sw')).toBe('2.5');
    expect(numberWords(5e9, 'en')).toBe('5000000000');
  });

  it('says ordinals for dates', () => {
    expect([1, 2, 3, 12, 20, 21, 31].map(englishOrdinal)).toEqual([
      'first',
      'second',
      'third',
      'twelfth',
      'twentieth',
      'twenty-first',
      'thirty-first',
    ]);
  });
});

describe('speakable text', () => {
  it('says times, dates and prices the English way', () => {
    expect(
      speakable(
        "You're booked! Haircut with Wanjiku, Fri 20 Nov at 3:00 pm. Price: KES 3,500. Ref #101.",
        'en',
      ),
    ).toBe(
      "You're booked! Haircut with Wanjiku, Friday the twentieth of November at three p.m. " +
        'Price: three thousand five hundred shillings. Reference number one hundred and one.',
    );
    expect(speakable('Open 9:05 am to 19:30', 'en')).toBe(
      'Open nine oh five a.m. to seven thirty p.m.',
    );
  });

  it('says them the Swahili way: Swahili clock time, shilingi, tarehe', () => {
    expect(speakable('Kunyoa nywele, Ijumaa 20 Novemba saa tisa mchana — KSh 3,500.', 'sw')).toBe(
      'Kunyoa nywele, Ijumaa tarehe ishirini Novemba saa tisa mchana, shilingi elfu tatu mia tano.',
    );
    expect(speakable('Tuonane 15:00', 'sw')).toBe('Tuonane saa tisa mchana');
    expect(swahiliClock(7, 0)).toBe('saa moja asubuhi');
    expect(swahiliClock(18, 30)).toBe('saa kumi na mbili na nusu jioni');
    expect(swahiliClock(9, 45)).toBe('saa nne kasoro robo asubuhi');
  });

  it('reads brackets as a pause', () => {
    expect(speakable('Add Manicure right after, at 1:15 pm (KES 1,200)?', 'en')).toBe(
      'Add Manicure right after, at one fifteen p.m., one thousand two hundred shillings?',
    );
  });

  it('drops emoji, links and chat formatting, and turns chat hints into speech', () => {
    expect(speakable('*Karibu!* 😊🙋🏾‍♀️ Pay here: https://pay.example.com/x?y=1', 'en')).toBe(
      'Karibu! Pay here:',
    );
    expect(speakable('Reply 1 to confirm or 2 to reschedule.', 'en')).toBe(
      'say one to confirm or two to reschedule.',
    );
    expect(speakable('Jibu 1 kuthibitisha.', 'sw')).toBe('sema moja kuthibitisha.');
  });
});

describe('renderSpeech', () => {
  it('turns buttons into a spoken choice and remembers their ids', () => {
    const r = renderSpeech(
      [
        buttonsMessage(
          'Who would you like? 😊',
          ['staff:wanjiku', 'Wanjiku'],
          ['staff:baraka', 'Baraka'],
          ['staff:any', 'Anyone'],
        ),
      ],
      'en',
    );
    expect(r.sentences).toEqual([
      'Who would you like?',
      'Say one for Wanjiku, two for Baraka, or three for Anyone.',
    ]);
    expect(r.choices.map((c) => [c.n, c.id])).toEqual([
      [1, 'staff:wanjiku'],
      [2, 'staff:baraka'],
      [3, 'staff:any'],
    ]);
  });

  it('speaks list rows in Swahili, times included, one sentence per line', () => {
    const r = renderSpeech(
      [
        { kind: 'text', text: 'Sawa!\nNimepata nafasi hizi:' },
        listMessage(
          'Chagua muda:',
          'Muda',
          'Ijumaa',
          ['s1', 'saa tisa mchana'],
          ['s2', 'saa tisa na nusu mchana'],
          ['s3', '16:00'],
          ['s4', '17:00'],
        ),
      ],
      'sw',
    );
    expect(r.sentences).toEqual([
      'Sawa!',
      'Nimepata nafasi hizi.',
      'Chagua muda.',
      'Sema moja kwa saa tisa mchana, mbili kwa saa tisa na nusu mchana, tatu kwa saa kumi jioni, au nne kwa saa kumi na moja jioni.',
    ]);
    expect(r.choices).toHaveLength(4);
  });

  it('a reply with no choices leaves none in effect, and nothing to say is no sentence', () => {
    const r = renderSpeech([{ kind: 'text', text: '👍' }], 'en');
    expect(r).toEqual({ sentences: [], choices: [] });
  });
});
