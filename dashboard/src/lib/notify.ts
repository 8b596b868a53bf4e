/**
 * Tells the operator that a conversation needs a person, or that a customer wrote in a
 * conversation they claimed: a short tone and, when allowed, a desktop notification. Off until the operator switches it on (browsers only allow sound and
 * notifications after a click); the choice is remembered per browser.
 */
const KEY = 'ratiba.notify';

export function notifyEnabled(): boolean {
  return localStorage.getItem(KEY) === '1';
}

export async function setNotify(on: boolean): Promise<boolean> {
  localStorage.setItem(KEY, on ? '1' : '0');
  if (on && 'Notification' in window && Notification.permission === 'default')
    await Notification.requestPermission().catch(() => 'denied');
  if (on) chime();
  return on;
}

let audio: AudioContext | undefined;

function chime(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.12, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.35);
  } catch {
    /* no audio device: the badge and list still show it */
  }
}

export function needsPerson(who: string, onopen: () => void): void {
  announce('A customer needs a person', who, onopen);
}

/** A customer wrote in a conversation this operator claimed (issue 16). */
export function claimedWrote(who: string, onopen: () => void): void {
  announce('New message in a conversation you claimed', who, onopen, 'claimed');
}

function announce(title: string, who: string, onopen: () => void, kind = 'person'): void {
  if (!notifyEnabled()) return;
  // Tests read what was announced.
  const w = window as unknown as { __ratibaNotified?: string[] };
  w.__ratibaNotified = [...(w.__ratibaNotified ?? []), kind === 'person' ? who : `${kind}:${who}`];
  chime();
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(title, { body: who, tag: `ratiba:${kind}:${who}` });
    n.onclick = () => {
      window.focus();
      onopen();
      n.close();
    };
  } catch {
    /* some browsers allow notifications from a service worker only */
  }
}
