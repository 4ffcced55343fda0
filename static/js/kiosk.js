// The kiosk side of the station: forget the person after a quiet spell (asking first).
(function () {
  "use strict";
  const body = document.body;
  const idleMs = Number(body.dataset.idleSeconds || 90) * 1000;
  // The last stretch of the idle time is a visible countdown (templates/base.html).
  const warnMs = Math.min(20000, idleMs / 2);
  const resetUrl = body.dataset.resetUrl;
  const warning = document.getElementById("idle-warning");
  const count = warning && warning.querySelector("[data-idle-count]");
  let warnTimer, resetTimer, ticker, deadline;

  function reset() {
    // htmx keeps copies of visited pages in sessionStorage: the next person must not see them.
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
    window.location.replace(resetUrl);
  }

  function showCount() {
    count.textContent = String(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  }

  function warn() {
    if (!warning) { reset(); return; }
    deadline = Date.now() + warnMs;
    showCount();
    warning.hidden = false;
    ticker = setInterval(showCount, 250);
    resetTimer = setTimeout(reset, warnMs);
  }

  // Any touch, tap or key restarts the count. While the question is up the countdown stops
  // at once, and the tap that follows only closes it: the overlay covers the page, so that
  // tap never lands on a tile beneath.
  function restart() {
    clearTimeout(warnTimer);
    clearTimeout(resetTimer);
    clearInterval(ticker);
    warnTimer = setTimeout(warn, idleMs - warnMs);
  }

  // The server forgets an idle session on its own (kiosk/web/idle.py): tell it this one is
  // still in use.
  function stay(event) {
    if (event) event.preventDefault();
    warning.hidden = true;
    fetch(warning.action, { method: "POST", body: new FormData(warning), credentials: "same-origin" })
      .catch(function () { /* offline box: the page's own timer still counts */ });
  }

  ["pointerdown", "keydown", "scroll", "wheel"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true, capture: true });
  });
  if (warning) {
    warning.addEventListener("click", stay);
    warning.addEventListener("submit", stay);
    window.addEventListener("keydown", function () { if (!warning.hidden) stay(); }, true);
  }
  restart();
  // The on-screen keys are in keys.js.
})();
