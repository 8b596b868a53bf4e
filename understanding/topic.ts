/**
 * What an inquiry is about: the message without question words, pronouns, auxiliaries and
 * pleasantries. "Do you have parking?" -> "parking"; "Kuna parking?" -> "parking";
 * "Do you accept M-Pesa?" -> "accept m-pesa".
 */

const NOT_TOPIC = new Set(
  `what whats which who whom whose when where why how do does did is are was were am be can
   could would will should shall may might must have has had get there here it its this that
   these those you your yours u ur we our us i me my im id ive a an the any some to for of in
   on at by with and or please pls plz kindly hi hello hey thanks thank ok okay just also still
   guys sir madam je kuna mna una ni na ya wa za la kwa hii hiyo hapo hapa je tafadhali
   naomba habari mambo sasa niaje vipi asante pia nyinyi nyie wewe mimi yenu yako yangu
   hivi gani nini kama hapo hakuna huko iko mko tell know want wanted ask question swali
   nataka kujua nauliza niko nko nina uko tuko`.split(/\s+/),
);

const MAX_TOPIC_CHARS = 100;

export function extractTopic(words: readonly string[]): string | undefined {
  const topic = words
    .filter((w) => !NOT_TOPIC.has(w))
    .join(' ')
    .slice(0, MAX_TOPIC_CHARS)
    .trim();
  return topic.length > 0 ? topic : undefined;
}
