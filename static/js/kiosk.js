// The kiosk side of the station: forget the person after a quiet spell, and the keypad.
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

  // The on-screen keypad types into its form's field; without JS the buttons submit instead.
  document.addEventListener("click", function (event) {
    const key = event.target.closest("[data-key]");
    const form = key && key.closest("form");
    const input = form && form.querySelector("[data-keypad-input]");
    if (!input) return;
    event.preventDefault();
    const value = key.dataset.key;
    if (value === "back") input.value = input.value.slice(0, -1);
    else if (value === "clear") input.value = "";
    else if (input.value.length < input.maxLength) input.value += value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
