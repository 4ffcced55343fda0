// The lobby TV: a chime when a new number is called. htmx swaps the board every 3 seconds
// (templates/desk/_lobby_board.html); its data-latest changes with each call, a call again
// included. The chime is made here (WebAudio, two tones): no sound file, no inline script.
// Browsers let a page sound only after a touch or a key, or when the TV's browser starts with
// --autoplay-policy=no-user-gesture-required (README: the lobby screen); a touch unlocks it.
(function () {
  "use strict";
  let audio = null;
  let heard = null;

  function context() {
    const Audio = window.AudioContext || window.webkitAudioContext;
    if (!audio && Audio) audio = new Audio();
    if (audio && audio.state === "suspended") audio.resume();
    return audio;
  }

  function tone(ctx, frequency, start, seconds) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.5, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + seconds + 0.05);
  }

  function chime() {
    const root = document.documentElement;
    root.dataset.chimes = String(Number(root.dataset.chimes || 0) + 1);  // for the tests
    const ctx = context();
    if (!ctx) return;
    tone(ctx, 880, ctx.currentTime, 0.9);  // ding
    tone(ctx, 659.25, ctx.currentTime + 0.45, 1.3);  // dong
  }

  function check() {
    const board = document.getElementById("lobby-board");
    if (!board) return;
    const latest = board.dataset.latest || "";
    if (heard !== null && latest && latest !== heard) chime();
    heard = latest;
  }

  document.addEventListener("htmx:afterSettle", check);
  ["pointerdown", "keydown"].forEach(function (name) {
    window.addEventListener(name, context, { passive: true });
  });
  check();
})();
