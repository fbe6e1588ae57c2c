/* The entitlement finder: answers → the services for this person, all in the browser.
   `Finder.parse` (the URL's answers, validated) and `Finder.result` (answers → groups)
   are pure and tested with Node in tests/test_finder.py; the rest draws the result with
   textContent only, keeps the answers in the URL (and in the language switch) and
   remembers the city. Every rule comes from the page's data (generator/site/finder.py). */
(function (root) {
  "use strict";
  var MAX_AGE = 120;
  var AGE = /^\d{1,3}$/;
  var MAX_VALUES = 50;  // more comma-separated answers than any form can give: the rest is ignored

  function byId(list) {
    var map = {};
    list.forEach(function (x) { map[x.id] = x; });
    return map;
  }

  function optionAudiences(data) {
    var map = {};
    data.audiences.forEach(function (a) {
      if (a.details) a.details.options.forEach(function (o) { map[o.id] = a.id; });
    });
    return map;
  }

  /** An age as typed or linked: a whole number 0–120, null when empty, NaN when refused. */
  function parseAge(text) {
    if (text === null || text === undefined || String(text).trim() === "") return null;
    text = String(text).trim();
    return AGE.test(text) && Number(text) <= MAX_AGE ? Number(text) : NaN;
  }

  /** The answers in a query string, each checked against the page's own values. Anything
      else is counted in `unknown` (and never shown); a refused age sets `ageInvalid`. */
  function parse(data, search) {
    var q = new URLSearchParams(search || "");
    var audiences = byId(data.audiences);
    var optionOf = optionAudiences(data);
    var p = { city: null, age: null, childAge: null, situations: [], options: [], unknown: 0, ageInvalid: false };
    q.forEach(function (value, key) {
      if (["city", "age", "child", "s", "o"].indexOf(key) === -1) p.unknown++;
    });
    var city = q.get("city");
    if (city !== null) {
      if (data.cities.some(function (c) { return c.id === city; })) p.city = city; else p.unknown++;
    }
    [["age", "age"], ["child", "childAge"]].forEach(function (pair) {
      var age = parseAge(q.get(pair[0]));
      if (typeof age === "number" && isNaN(age)) p.ageInvalid = true;
      else p[pair[1]] = age;
    });
    (q.get("s") || "").split(",").slice(0, MAX_VALUES).forEach(function (id) {
      if (!id) return;
      var a = Object.prototype.hasOwnProperty.call(audiences, id) ? audiences[id] : null;
      if (p.situations.indexOf(id) !== -1) return;  // said twice: once is enough
      if (a && a.finder === "ask") p.situations.push(id); else p.unknown++;
    });
    (q.get("o") || "").split(",").slice(0, MAX_VALUES).forEach(function (id) {
      if (!id) return;
      if (p.options.indexOf(id) !== -1) return;
      // One answer per question (the form's radio buttons), and only to a question asked.
      var ok = Object.prototype.hasOwnProperty.call(optionOf, id) && p.situations.indexOf(optionOf[id]) !== -1 &&
        !p.options.some(function (o) { return optionOf[o] === optionOf[id]; });
      if (ok) p.options.push(id); else p.unknown++;
    });
    return p;
  }

  /** The query string for answers (only what was given). */
  function query(p) {
    var q = new URLSearchParams();
    if (p.city) q.set("city", p.city);
    if (typeof p.age === "number" && !isNaN(p.age)) q.set("age", String(p.age));
    if (typeof p.childAge === "number" && !isNaN(p.childAge)) q.set("child", String(p.childAge));
    if (p.situations.length) q.set("s", p.situations.join(","));
    if (p.options && p.options.length) q.set("o", p.options.join(","));
    return q.toString();
  }

  function known(age) { return typeof age === "number" && !isNaN(age); }

  /** Which audiences a profile belongs to: everyone's, the ticked ones, and those its age implies. */
  function audiencesFor(data, profile) {
    var chosen = {};
    data.audiences.forEach(function (a) {
      if (a.finder === "always") chosen[a.id] = "always";
      else if (a.finder === "ask" && profile.situations.indexOf(a.id) !== -1) chosen[a.id] = "ask";
      else if (a.finder === "age" && known(profile.age) &&
               (a.min_age === null || profile.age >= a.min_age) && (a.max_age === null || profile.age <= a.max_age)) {
        chosen[a.id] = "age";
      }
    });
    return chosen;
  }

  /** Whose ages an entry's age rules are checked against: the child's when it was found through a
      question about a child (`child` in the data), the resident's otherwise; `unknown` when an age
      that matters was not given (then no age rule excludes anything). */
  function whose(audiences, profile, because) {
    var ages = [], unknown = false;
    var child = because.some(function (id) { return audiences[id].child; });
    var own = because.length === 0 || because.some(function (id) { return !audiences[id].child; });
    if (child) { if (known(profile.childAge)) ages.push(profile.childAge); else unknown = true; }
    if (own) { if (known(profile.age)) ages.push(profile.age); else unknown = true; }
    return { ages: ages, unknown: unknown };
  }

  function fits(ranges, who) {
    if (!ranges.length || who.unknown) return true;
    return who.ages.some(function (age) {
      return ranges.some(function (r) { return (r[0] === null || age >= r[0]) && (r[1] === null || age <= r[1]); });
    });
  }

  /** Whether named answers (option ids) leave this person out: some of their audiences' answers
      were given, and none of them is among the named ones. */
  function otherCase(named, optionOf, profile, because) {
    named = named.filter(function (o) { return because.indexOf(optionOf[o]) !== -1; });
    if (!named.length) return false;
    var answered = profile.options.filter(function (o) { return named.some(function (n) { return optionOf[n] === optionOf[o]; }); });
    return answered.length > 0 && !named.some(function (o) { return answered.indexOf(o) !== -1; });
  }

  function entry(service, because, audiences, optionOf, profile) {
    var who = whose(audiences, profile, because);
    var mine = [], notForAge = [];
    service.figures.forEach(function (f) {
      if (f.ages && !fits([f.ages], who)) {
        // Only what the person may still grow into (from 80) is worth saying; an age they are past is left out.
        if (f.ages[0] !== null && who.ages.every(function (a) { return a < f.ages[0]; })) notForAge.push(f.text);
        return;
      }
      if (otherCase(f.options, optionOf, profile, because)) return;
      var named = f.options.some(function (o) { return profile.options.indexOf(o) !== -1; });
      mine.push({ text: f.text, named: named, age: f.age });
    });
    // The figure that matters to this person first: named by their answer, then what they get, then the age.
    mine.sort(function (a, b) { return (b.named - a.named) || (a.age - b.age); });
    return {
      service: service, because: because,
      figures: mine.map(function (f) { return f.text; }), notForAge: notForAge,
      ageFits: fits(service.ages, who), otherCase: otherCase(service.options, optionOf, profile, because)
    };
  }

  /** Answers → what to show: services for you, for everyone, set apart (other ages or cases),
      and for each answer the city's plan has no service for, what it does promise the group
      and the other cities that have services for it. Never empty once a city is chosen. */
  function result(data, profile) {
    var city = data.cities.filter(function (c) { return c.id === profile.city; })[0];
    if (!city) return null;
    profile = { age: profile.age, childAge: profile.childAge === undefined ? null : profile.childAge,
                situations: profile.situations || [], options: profile.options || [] };
    var audiences = byId(data.audiences);
    var optionOf = optionAudiences(data);
    var chosen = audiencesFor(data, profile);
    var out = { city: city, specific: [], notYourAge: [], otherCases: [], general: [], gaps: [], generalGap: null,
                audiences: Object.keys(chosen) };
    var served = {};
    city.services.forEach(function (s) {
      var because = s.audiences.filter(function (a) { return chosen[a] && chosen[a] !== "always"; });
      var forAll = s.audiences.some(function (a) { return chosen[a] === "always"; });
      if (!because.length && !forAll) return;
      var e = entry(s, because, audiences, optionOf, profile);
      because.forEach(function (a) { served[a] = true; });
      if (forAll) served["*always"] = true;
      if (!e.ageFits) out.notYourAge.push(e);
      else if (e.otherCase) out.otherCases.push(e);
      else if (because.length) out.specific.push(e);
      else out.general.push(e);
    });
    // The most specific first: services meant for fewer groups besides yours, then those with figures.
    var rank = function (e) { return (e.service.audiences.length - e.because.length) * 2 + (e.figures.length ? 0 : 1); };
    out.specific.sort(function (a, b) { return rank(a) - rank(b); });
    Object.keys(chosen).forEach(function (id) {
      var always = chosen[id] === "always";
      if (served[always ? "*always" : id]) return;
      var gap = { audience: audiences[id], promises: city.promises[id] || { projects: [], indicators: [] }, compare: [] };
      data.cities.forEach(function (other) {
        if (other.id === city.id) return;
        var n = other.services.filter(function (s) { return s.audiences.indexOf(id) !== -1; }).length;
        if (n) gap.compare.push({ city: other.name, n: n, url: other.audience_pages[id] });
      });
      if (always) out.generalGap = gap; else out.gaps.push(gap);
    });
    return out;
  }

  var Finder = { parse: parse, query: query, result: result, audiencesFor: audiencesFor, parseAge: parseAge };
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
    var ok = SAFE_ID.test(value) && data.cities.some(function (c) { return c.id === value; });
    if (ok) return value;
    try { localStorage.removeItem(STORE); } catch (e) { /* storage off */ }
    return null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m; });
  }

  function start() {
    var box = document.getElementById("finder");
    if (!box) return;
    var data = JSON.parse(document.getElementById("finder-data").textContent);
    var text = JSON.parse(document.getElementById("finder-text").textContent);
    var form = box.querySelector("form");
    var out = box.querySelector(".finder__results");
    // Only a one-line summary is announced (role=status), not the whole list at every keystroke.
    var status = box.querySelector(".finder__status");
    var rootUrl = new URL(box.getAttribute("data-root"), location.href);
    var audiences = byId(data.audiences);
    var switches = Array.prototype.map.call(document.querySelectorAll("a.lang-switch"), function (a) {
      return { link: a, base: a.getAttribute("href").split("?")[0] };
    });
    var notices = { unknown: 0 };
    form.hidden = false;

    function checked(selector) {
      return Array.prototype.map.call(form.querySelectorAll(selector + ":checked"), function (i) { return i.value; });
    }

    function showDetails() {
      form.querySelectorAll("[data-details-for]").forEach(function (f) {
        f.hidden = checked("input[name=s]").indexOf(f.getAttribute("data-details-for")) === -1;
      });
    }

    /** The answers in the form, read as a query string so that they pass the same checks as a link. */
    function fromForm() {
      var city = form.querySelector("input[name=city]:checked");
      var situations = checked("input[name=s]");
      var options = checked("[data-details-for]:not([hidden]) input[type=radio]").filter(Boolean);
      var q = new URLSearchParams();
      if (city) q.set("city", city.value);
      if (form.elements.age.value.trim()) q.set("age", form.elements.age.value.trim());
      if (form.elements.child.value.trim()) q.set("child", form.elements.child.value.trim());
      if (situations.length) q.set("s", situations.join(","));
      if (options.length) q.set("o", options.join(","));
      return parse(data, q.toString());
    }

    function restore(p) {
      form.querySelectorAll("input[name=city]").forEach(function (i) { i.checked = i.value === p.city; });
      form.elements.age.value = known(p.age) ? String(p.age) : "";
      form.elements.child.value = known(p.childAge) ? String(p.childAge) : "";
      form.querySelectorAll("input[name=s]").forEach(function (i) { i.checked = p.situations.indexOf(i.value) !== -1; });
      form.querySelectorAll("[data-details-for]").forEach(function (f) {
        var radios = Array.prototype.slice.call(f.querySelectorAll("input[type=radio]"));
        var given = radios.filter(function (i) { return i.value && p.options.indexOf(i.value) !== -1; })[0];
        radios.forEach(function (i) { i.checked = given ? i === given : i.value === ""; });
      });
      showDetails();
    }

    function save(p) {
      var search = query(p);
      history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
      switches.forEach(function (s) { s.link.setAttribute("href", s.base + (search ? "?" + search : "")); });
      if (p.city) { try { localStorage.setItem(STORE, p.city); } catch (e) { /* private mode */ } }
    }

    function link(url, label) { return el("a", { href: new URL(url, rootUrl).href }, label); }

    function summary(p, city) {
      var section = el("section", { "class": "finder__summary", "aria-labelledby": "finder-check" });
      section.appendChild(el("h2", { id: "finder-check" }, text.check));
      var dl = el("dl");
      var situations = p.situations.map(function (id) {
        var a = audiences[id], answer = a.question;
        if (a.details) {
          a.details.options.forEach(function (o) { if (p.options.indexOf(o.id) !== -1) answer += "（" + o.label + "）"; });
        }
        return answer;
      });
      [[text.answer_city, city.name], [text.answer_age, known(p.age) ? String(p.age) : text.not_given],
       [text.answer_child_age, known(p.childAge) ? String(p.childAge) : text.not_given],
       [text.answer_situations, situations.length ? situations.join(text.sep) : text.not_given]].forEach(function (row) {
        dl.appendChild(el("dt", {}, row[0]));
        dl.appendChild(el("dd", {}, row[1]));
      });
      section.appendChild(dl);
      var tools = el("p", { "class": "finder__tools" });
      var change = el("button", { type: "button", "class": "md-button" }, text.change);
      change.addEventListener("click", function () { form.scrollIntoView(); form.querySelector("input").focus(); });
      var print = el("button", { type: "button", "class": "md-button" }, text.print);
      print.addEventListener("click", function () { window.print(); });
      tools.appendChild(change);
      tools.appendChild(print);
      section.appendChild(tools);
      section.appendChild(el("p", { "class": "finder__share" })).appendChild(el("a", { href: location.href }, text.share));
      return section;
    }

    function item(e, extra) {
      var s = e.service;
      var li = el("li");
      li.appendChild(link(s.url, s.title));
      li.appendChild(el("span", { "class": "finder__domain" }, " · " + s.domain));
      e.figures.forEach(function (f, i) {
        li.appendChild(el(i === 0 ? "strong" : "span", { "class": "finder__standard" }, f));
      });
      e.notForAge.forEach(function (f) { li.appendChild(el("span", { "class": "finder__later" }, text.figure_not_age + f)); });
      if (extra) li.appendChild(el("span", { "class": "finder__later" }, extra));
      if (s.eligibility) li.appendChild(el("span", { "class": "finder__who" }, text.eligibility + s.eligibility));
      var next = el("span", { "class": "finder__next" + (s.next.known ? "" : " finder__next--gap") }, text.next + s.next.text);
      li.appendChild(next);
      return li;
    }

    function group(title, entries, cls) {
      var section = el("section", { "class": "finder__group " + (cls || "") });
      section.appendChild(el("h2", {}, title));
      var ul = el("ul", { "class": "finder__list" });
      entries.forEach(function (e) { ul.appendChild(item(e)); });
      section.appendChild(ul);
      return section;
    }

    function links(title, list, withTarget) {
      var wrap = el("div");
      wrap.appendChild(el("h4", {}, title));
      var ul = el("ul");
      list.forEach(function (x) {
        var li = el("li");
        li.appendChild(link(x.url, x.title));
        if (withTarget) li.appendChild(el("span", {}, text.colon + x.target));
        ul.appendChild(li);
      });
      wrap.appendChild(ul);
      return wrap;
    }

    function gap(g, city, message) {
      var section = el("section", { "class": "finder__gap" });
      section.appendChild(el("h3", { "class": "finder__none" }, message || fill(text.nothing_for, { city: city.name, audience: g.audience.name })));
      if (g.promises.projects.length || g.promises.indicators.length) {
        section.appendChild(el("p", {}, text.promises));
        if (g.promises.projects.length) section.appendChild(links(text.projects, g.promises.projects, false));
        if (g.promises.indicators.length) section.appendChild(links(text.indicators, g.promises.indicators, true));
      }
      g.compare.forEach(function (c) {
        var p = el("p", { "class": "finder__compare" });
        p.appendChild(link(c.url, fill(c.n === 1 ? text.compare_one : text.compare, { city: c.city, audience: g.audience.name, n: c.n })));
        section.appendChild(p);
      });
      return section;
    }

    function render(p) {
      save(p);
      out.textContent = "";
      if (p.ageInvalid) out.appendChild(el("p", { "class": "finder__notice", role: "alert" }, text.age_invalid));
      if (notices.unknown) out.appendChild(el("p", { "class": "finder__notice" }, text.unknown));
      var r = result(data, p);
      if (!r) { out.appendChild(el("p", {}, text.choose_city)); status.textContent = text.choose_city; return; }
      status.textContent = r.specific.length ? fill(r.specific.length === 1 ? text.count_one : text.count, { n: r.specific.length })
        : r.gaps.length ? fill(text.nothing_for, { city: r.city.name, audience: r.gaps[0].audience.name }) : text.start;
      out.appendChild(summary(p, r.city));
      if (!p.situations.length && !known(p.age)) out.appendChild(el("p", { "class": "finder__none" }, text.start));
      if (r.specific.length) {
        out.appendChild(el("p", { "class": "finder__count" }, fill(r.specific.length === 1 ? text.count_one : text.count, { n: r.specific.length })));
        out.appendChild(group(text.specific, r.specific, "finder__group--mine"));
      }
      r.gaps.forEach(function (g) { out.appendChild(gap(g, r.city)); });
      if (r.otherCases.length) out.appendChild(group(text.other_cases, r.otherCases, "finder__group--other"));
      if (r.notYourAge.length) out.appendChild(group(text.not_your_age, r.notYourAge, "finder__group--other"));
      if (r.general.length) out.appendChild(group(text.general, r.general));
      if (r.generalGap) out.appendChild(gap(r.generalGap, r.city, fill(text.no_general, { city: r.city.name })));
    }

    function update() {
      notices.unknown = 0;  // the link's leftovers are gone once the form is used
      showDetails();
      render(fromForm());
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    form.addEventListener("reset", function () {
      setTimeout(function () { try { localStorage.removeItem(STORE); } catch (e) {} update(); }, 0);
    });
    var linked = parse(data, location.search);
    if (!linked.city) linked.city = rememberedCity(data);
    notices.unknown = linked.unknown;
    restore(linked);
    render(linked);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof window !== "undefined" ? window : this);
