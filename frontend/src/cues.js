// What the timers do to reach a patient who is not looking at the screen: a short beep made
// with WebAudio (no sound files) and a buzz, where the browser allows them.

let audio = null;

/**
 * Browsers only let a page make sound after the person has tapped something, so the timers
 * call this from their Start button; without it (or without WebAudio) beeps stay silent.
 */
export function allowSound() {
  try {
    audio ??= new AudioContext();
    audio.resume().catch(() => {});
  } catch {
    audio = null;
  }
}

const TONES = {
  start: { frequency: 660, seconds: 0.12, vibrate: 80 }, // a hold or a set begins
  end: { frequency: 880, seconds: 0.25, vibrate: [120, 80, 120] }, // a hold or a rest is over
  rep: { frequency: 520, seconds: 0.08, vibrate: 40 }, // one slow lowering done: go up again
  up: { frequency: 990, seconds: 0.06, vibrate: 30 }, // the heel-rise metronome: up on this beat
  down: { frequency: 660, seconds: 0.06, vibrate: 0 }, // ...and down on this one
};

export function cue(kind) {
  const tone = TONES[kind];
  navigator.vibrate?.(tone.vibrate);
  if (!audio || audio.state !== 'running') return;
  const at = audio.currentTime;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = tone.frequency;
  // A fast rise and fall: a soft "bip" rather than a click.
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.25, at + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + tone.seconds);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + tone.seconds + 0.02);
}
