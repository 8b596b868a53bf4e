/** Month names in Swahili and English (full and short), normalized, -> 1..12. */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    'januari january jan',
    'februari february feb',
    'machi march mar',
    'aprili april apr',
    'mei may',
    'juni june jun',
    'julai july jul',
    'agosti august aug',
    'septemba september sept sep',
    'oktoba october oct',
    'novemba november nov',
    'desemba disemba december dec',
  ].flatMap((names, index) => names.split(' ').map((name): [string, number] => [name, index + 1])),
);
