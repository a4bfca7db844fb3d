// Sikkerhedsnet: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // DKFDS components that need JavaScript (accordions, tabs, tooltips, character limits).
    if (window.DKFDS && typeof window.DKFDS.init === "function") { window.DKFDS.init(); }
    // Focus the first error summary so screen readers announce it after a failed save.
    var summary = document.querySelector(".alert-error[tabindex='-1']");
    if (summary) { summary.focus(); }
  });
})();
