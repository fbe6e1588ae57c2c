/* The entitlement finder: answers → matching services, all in the browser.
   `Finder.match` is pure (tested with Node in tests/test_finder.py); the rest
   wires it to the form, keeps the answers in the URL and remembers the city. */
(function (root) {
  "use strict";

  /** Which audiences a profile belongs to: everyone's, the ticked ones, and those its age implies. */
  function audiencesFor(data, profile) {
    var chosen = {};
    data.audiences.forEach(function (a) {
      if (a.finder === "always") chosen[a.id] = "always";
      else if (a.finder === "ask" && profile.situations.indexOf(a.id) !== -1) chosen[a.id] = "ask";
      else if (a.finder === "age" && typeof profile.age === "number" && !isNaN(profile.age) &&
               (a.min_age === null || profile.age >= a.min_age) && (a.max_age === null || profile.age <= a.max_age)) {
        chosen[a.id] = "age";
      }
    });
    return chosen;
  }

  /** {specific, general}: services meant for the profile's situation, and those for every resident. */
  function match(data, profile) {
    var city = data.cities.filter(function (c) { return c.id === profile.city; })[0];
    if (!city) return null;
    var chosen = audiencesFor(data, profile);
    var specific = [], general = [];
    city.services.forEach(function (s) {
      var reasons = s.audiences.filter(function (a) { return chosen[a] && chosen[a] !== "always"; });
      if (reasons.length) specific.push({ service: s, because: reasons });
      else if (s.audiences.some(function (a) { return chosen[a] === "always"; })) general.push({ service: s, because: [] });
    });
    return { city: city, specific: specific, general: general, audiences: Object.keys(chosen) };
  }

  var Finder = { match: match, audiencesFor: audiencesFor };
  if (typeof module !== "undefined" && module.exports) { module.exports = Finder; return; }
  root.Finder = Finder;

  // ---- the page ----------------------------------------------------------------
  var STORE = "psc-city";
  var SAFE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  /** The remembered city if it is one of `data`'s cities; any other stored value
      (typed in by hand, left by another script) is forgotten. */
  function rememberedCity(data) {
    var value;
    try { value = localStorage.getItem(STORE); } catch (e) { return null; }
    if (value === null) return null;
    var known = SAFE_ID.test(value) && data.cities.some(function (c) { return c.id === value; });
    if (known) return value;
    try { localStorage.removeItem(STORE); } catch (e) { /* storage off */ }
    return null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function start() {
    var box = document.getElementById("finder");
    if (!box) return;
    var data = JSON.parse(document.getElementById("finder-data").textContent);
    var text = JSON.parse(document.getElementById("finder-text").textContent);
    var form = box.querySelector("form");
    var out = box.querySelector(".finder__results");
    var rootUrl = new URL(box.getAttribute("data-root"), location.href);
    form.hidden = false;

    function profile() {
      var city = form.querySelector("input[name=city]:checked");
      var age = form.elements.age.value.trim();
      return {
        city: city ? city.value : null,
        age: age === "" ? null : Number(age),
        situations: Array.prototype.map.call(form.querySelectorAll("input[name=s]:checked"), function (i) { return i.value; })
      };
    }

    function restore() {
      var q = new URLSearchParams(location.search);
      var city = q.get("city") || rememberedCity(data);  // only compared with the form's own values
      form.querySelectorAll("input[name=city]").forEach(function (i) { i.checked = i.value === city; });
      form.elements.age.value = q.get("age") || "";
      var s = (q.get("s") || "").split(",");
      form.querySelectorAll("input[name=s]").forEach(function (i) { i.checked = s.indexOf(i.value) !== -1; });
    }

    function save(p) {
      var q = new URLSearchParams();
      if (p.city) q.set("city", p.city);
      if (p.age !== null && !isNaN(p.age)) q.set("age", String(p.age));
      if (p.situations.length) q.set("s", p.situations.join(","));
      var search = q.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
      if (p.city) { try { localStorage.setItem(STORE, p.city); } catch (e) { /* private mode */ } }
    }

    function list(title, entries) {
      var section = el("section", { "class": "finder__group" });
      section.appendChild(el("h2", {}, title));
      var ul = el("ul", { "class": "finder__list" });
      entries.forEach(function (e) {
        var li = el("li");
        var a = el("a", { href: new URL(e.service.url, rootUrl).href }, e.service.title);
        li.appendChild(a);
        li.appendChild(el("span", { "class": "finder__domain" }, " · " + e.service.domain));
        if (e.service.standard) li.appendChild(el("span", { "class": "finder__standard" }, e.service.standard));
        ul.appendChild(li);
      });
      section.appendChild(ul);
      return section;
    }

    function render() {
      var p = profile();
      save(p);
      out.textContent = "";
      var result = match(data, p);
      if (!result) { out.appendChild(el("p", {}, text.choose_city)); return; }
      if (result.specific.length) {
        out.appendChild(el("p", { "class": "finder__count" }, (result.specific.length === 1 && text.count_one ? text.count_one : text.count).replace("{n}", String(result.specific.length))));
        out.appendChild(list(text.specific, result.specific));
      } else {
        out.appendChild(el("p", { "class": "finder__none" }, text.none));
      }
      if (result.general.length) out.appendChild(list(text.general, result.general));
    }

    form.addEventListener("change", render);
    form.addEventListener("input", render);
    form.addEventListener("reset", function () {
      setTimeout(function () { try { localStorage.removeItem(STORE); } catch (e) {} render(); }, 0);
    });
    restore();
    render();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof window !== "undefined" ? window : this);
