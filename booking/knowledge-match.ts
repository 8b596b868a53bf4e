/**
 * Finds the knowledge snippet a question is about, by tags and keywords. A tag names the
 * subject in any language ("mpesa", "parking"), so a tag hit may answer from a snippet in the
 * other language when the asked one has none; a keyword hit must be in the asked language.
 */
import type { Language } from '../contract';
import type { KnowledgeSnippet } from './types';

const STOPWORDS = new Set([
  // English
  'the',
  'and',
  'you',
  'your',
  'are',
  'does',
  'have',
  'has',
  'can',
  'what',
  'how',
  'any',
  'there',
  'for',
  'with',
  'about',
  'our',
  'this',
  'that',
  'any',
  'is',
  'do',
  'get',
  'there',
  'please',
  'tell',
  'want',
  'know',
  'will',
  'which',
  'when',
  'where',
  'who',
  'why',
  // Swahili
  'kuna',
  'nini',
  'gani',
  'hii',
  'hiyo',
  'mna',
  'una',
  'naweza',
  'nataka',
  'tafadhali',
  'kwa',
  'yenu',
  'yako',
  'pia',
  'sana',
  'je',
  'ndio',
  'hapo',
]);

export function keywords(text: string): string[] {
  // "M-Pesa" and "mpesa" are one word.
  const joined = text.toLowerCase().replace(/([\p{L}\p{N}])[-'’]([\p{L}\p{N}])/gu, '$1$2');
  return (joined.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !STOPWORDS.has(w));
}

/** Same word, or one a prefix of the other when both are long enough ("park" ~ "parking"). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  return Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a));
}

interface Score {
  tagHits: number;
  wordHits: number;
}

function score(snippet: KnowledgeSnippet, words: string[]): Score {
  const tags = snippet.tags.flatMap((t) => keywords(t));
  const question = keywords(snippet.question);
  return {
    tagHits: words.filter((w) => tags.some((t) => sameWord(w, t))).length,
    wordHits: words.filter((w) => question.some((q) => sameWord(w, q))).length,
  };
}

/** A keyword match needs two words in common, or one when the question has at most two. */
function matches(s: Score, words: string[], byKeyword: boolean): boolean {
  if (s.tagHits > 0) return true;
  return byKeyword && (s.wordHits >= 2 || (s.wordHits === 1 && words.length <= 2));
}

export function matchKnowledge(
  snippets: readonly KnowledgeSnippet[],
  topic: string,
  language: Language,
): KnowledgeSnippet | undefined {
  const words = keywords(topic);
  if (words.length === 0) return undefined;
  let best: { snippet: KnowledgeSnippet; rank: number } | undefined;
  for (const snippet of snippets) {
    const own = snippet.language === language;
    const s = score(snippet, words);
    if (!matches(s, words, own)) continue;
    // Own language first, then tag hits, then keyword hits; ties keep the file's order.
    const rank = (own ? 1000 : 0) + s.tagHits * 10 + s.wordHits;
    if (!best || rank > best.rank) best = { snippet, rank };
  }
  return best?.snippet;
}
