/* Small enhancements; every page works without them. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  ready(function () {
    // "Cite this page": today's date as the access date (the build date is the fallback).
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("time.access-date").forEach(function (el) {
      el.textContent = today;
      el.setAttribute("datetime", today);
    });
    // Dashboard: filter cards by domain (the links still jump to the domain without JS).
    var filters = document.querySelectorAll("[data-filter-domain]");
    filters.forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var domain = button.getAttribute("data-filter-domain");
        filters.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
        document.querySelectorAll("[data-domain]").forEach(function (group) {
          group.hidden = domain !== "all" && group.getAttribute("data-domain") !== domain;
        });
      });
    });
  });
})();
