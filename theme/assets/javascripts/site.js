/* Small enhancements; every page works without them. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* storage off */ }
  }
  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  /* A remembered value only if it is one the page offers (anything can be written into
     storage by hand or by another script on this origin); anything else is forgotten. */
  function storedChoice(key, allowed) {
    var value = stored(key);
    if (value === null) return null;
    if (allowed.indexOf(value) !== -1) return value;
    store(key, null);
    return null;
  }

  ready(function () {
    // Large-text mode (适老化): a button that raises the text size, remembered.
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      var html = document.documentElement;
      button.hidden = false;
      button.setAttribute("aria-pressed", String(html.classList.contains("large-text")));
      button.addEventListener("click", function () {
        var on = !html.classList.contains("large-text");
        html.classList.toggle("large-text", on);
        button.setAttribute("aria-pressed", String(on));
        store("psc-large-text", on ? "1" : null);
      });
    });

    // Home page: choose the city once; only its audience links are shown, and it is remembered.
    var chooser = document.querySelector("[data-chooser]");
    if (chooser) {
      var buttons = chooser.querySelectorAll("[data-choose-city]");
      var cities = Array.prototype.map.call(buttons, function (b) { return b.getAttribute("data-choose-city"); });
      var show = function (city) {
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-choose-city") === city)); });
        chooser.querySelectorAll("[data-city]").forEach(function (s) { s.hidden = city !== null && s.getAttribute("data-city") !== city; });
      };
      chooser.querySelector(".chooser__cities").hidden = false;
      buttons.forEach(function (b) {
        b.addEventListener("click", function () {
          var city = b.getAttribute("data-choose-city");
          store("psc-city", city);
          show(city);
        });
      });
      // Compared with the page's own city ids, never built into a selector or HTML.
      show(storedChoice("psc-city", cities));
    }

    // Print: show where each link goes, as a full address.
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".md-content a[href]").forEach(function (a) {
        if (!a.getAttribute("href").startsWith("#")) a.setAttribute("data-print-url", a.href);
      });
    });

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
