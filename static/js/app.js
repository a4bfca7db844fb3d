// Sikkerhedsnet: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  // A link in an error summary moves the focus to its field and shows the field's label above it (a plain
  // fragment link only scrolls, and puts the label out of sight).
  function focusFieldFromSummary(event) {
    var link = event.target.closest(".app-error-summary a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var details = field.closest("details");
    if (details) { details.open = true; }
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }
  // Narrow screens show each table row as a card; each cell is labelled with its column's heading (app.css).
  function labelTableCells(root) {
    root.querySelectorAll("table.table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!headings.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          if (!cell.hasAttribute("data-label") && headings[column]) { cell.setAttribute("data-label", headings[column]); }
          column += cell.colSpan || 1;
        });
      });
    });
  }
  // DKFDS writes its "Mere" (more) menu button in Danish, again on each resize; the page's language gives its label.
  function labelMoreMenu() {
    var nav = document.querySelector("nav[data-more-label]");
    var more = document.querySelector(".more-button span");
    if (nav && more) { more.textContent = nav.getAttribute("data-more-label"); }
  }
  document.addEventListener("click", focusFieldFromSummary);
  window.addEventListener("resize", function () { window.setTimeout(labelMoreMenu, 0); });
  document.addEventListener("htmx:afterSettle", function (event) { labelTableCells(event.target); });
  document.addEventListener("DOMContentLoaded", function () {
    // DKFDS components that need JavaScript (accordions, tabs, tooltips, character limits).
    if (window.DKFDS && typeof window.DKFDS.init === "function") { window.DKFDS.init(); }
    labelTableCells(document);
    labelMoreMenu();
    // Focus the first error summary so screen readers announce it after a failed save.
    var summary = document.querySelector(".alert-error[tabindex='-1']");
    if (summary) { summary.focus(); }
  });
})();
