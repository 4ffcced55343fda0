// The desk's queue page: the counter choice sends itself, and the scan field empties and keeps
// the focus after each check-in (scripts live in files: the pages allow no inline script).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const field = event.target.closest("[data-submit-on-change]");
    if (field && field.form) field.form.submit();
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const form = event.target.closest && event.target.closest("form[data-scan-form]");
    if (!form) return;
    form.reset();
    if (form.elements.scan) form.elements.scan.focus();
  });
})();
