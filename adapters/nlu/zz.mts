import { normalizeText } from './normalize';
import { findEnglishTime } from './english-time';
const n = normalizeText('@4', 500);
console.log(n, findEnglishTime(n.text, undefined));
