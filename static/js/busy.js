// Every htmx action shows that it is working, and what it brought is read out (issue 14).
// The element that asked carries htmx's own `htmx-request` class (kiosk.css draws it) and
// the part being replaced is marked aria-busy; after the swap, the new content's status line
// is copied into the page's one live region (#announce in templates/base.html), which exists
// before the change, as screen readers need.
(function () {
  "use strict";
  const announce = document.getElementById("announce");

  function polling(event) {
    const trigger = event.detail.elt && event.detail.elt.getAttribute("hx-trigger");
    return Boolean(trigger && trigger.indexOf("every") !== -1);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!polling(event) && event.detail.target) event.detail.target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.target) event.detail.target.removeAttribute("aria-busy");
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!announce || polling(event)) return;
    const scope = event.detail.target && event.detail.target.isConnected
      ? event.detail.target : document.getElementById("main");
    const news = scope && scope.querySelector("[role=status], [role=alert], .count");
    if (!news) return;
    // Emptied first, so the same words said twice are heard twice.
    announce.textContent = "";
    setTimeout(function () { announce.textContent = news.textContent.trim(); }, 50);
  });
})();
