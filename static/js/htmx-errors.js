// htmx swaps no 4xx/5xx answer by itself: a refused scan (422), a conflict (409) or a failed
// print (502) would leave the previous result on screen, e.g. a green "checked in". The server
// marks the error answers that are fragments with their message (kiosk/web/render.py: page);
// those are swapped like any answer. Other errors (a proxy's 502 page) are still not swapped.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    const detail = event.detail;
    if (detail.isError && detail.xhr.getResponseHeader("X-Kiosk-Swap") === "1") {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });
})();
