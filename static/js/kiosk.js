// The kiosk side of the station: forget the person after a quiet spell.
(function () {
  "use strict";
  const body = document.body;
  const idleMs = Number(body.dataset.idleSeconds || 90) * 1000;
  const resetUrl = body.dataset.resetUrl;
  let timer;

  // Any touch, tap or key restarts the count; at the end the server forgets the session.
  function restart() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      // htmx keeps copies of visited pages in sessionStorage: the next person must not see them.
      try { window.sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
      window.location.replace(resetUrl);
    }, idleMs);
  }
  ["pointerdown", "keydown", "scroll", "wheel"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true, capture: true });
  });
  restart();
  // The on-screen keys are in keys.js.
})();
