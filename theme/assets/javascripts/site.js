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

  // What is read: headings, paragraphs, list items, terms and table cells of the article, not the
  // page's tools, charts' drawn text, the citation box or hidden text.
  var READ_BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, figcaption, blockquote";
  var NOT_READ = ".page-tools, .chart, .chart-downloads, .cite, .page-meta, [hidden], [aria-hidden=true], script, style";
  function readableBlocks(root) {
    var blocks = [];
    root.querySelectorAll(READ_BLOCKS).forEach(function (el) {
      if (el.closest(NOT_READ) || el.parentElement.closest(READ_BLOCKS)) return; // nested blocks: read once, by their parent
      var text = (el.innerText || "").replace(/\s+/g, " ").trim();
      if (text) blocks.push(text);
    });
    return blocks;
  }
  function voiceFor(speech, lang) {
    var primary = lang.split("-")[0].toLowerCase();
    return (speech.getVoices() || []).filter(function (v) {
      return String(v.lang || "").replace("_", "-").split("-")[0].toLowerCase() === primary;
    })[0] || null;
  }
  function setUpReadAloud(button) {
    var speech = window.speechSynthesis;
    if (!speech || typeof window.SpeechSynthesisUtterance !== "function") return;
    var lang = document.documentElement.lang === "en" ? "en" : "zh-CN";
    var startLabel = button.textContent, stopLabel = button.getAttribute("data-label-stop");
    var reading = false, batches = 0;
    function show() { button.hidden = !voiceFor(speech, lang); }
    function setReading(on) {
      reading = on;
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? stopLabel : startLabel;
    }
    show();
    if (speech.addEventListener) speech.addEventListener("voiceschanged", show); // voices arrive late in Chrome
    button.addEventListener("click", function () {
      speech.cancel();
      if (reading) { setReading(false); return; }
      var root = document.querySelector(".md-content article") || document.body;
      var blocks = readableBlocks(root), voice = voiceFor(speech, lang);
      if (!blocks.length || !voice) return;
      setReading(true);
      // One utterance per block: long single utterances are cut off by some browsers.
      blocks.forEach(function (text, i) {
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = voice.lang || lang;
        utterance.voice = voice;
        if (i === blocks.length - 1) {
          var batch = ++batches; // a cancelled batch's late events must not reset a newer one
          utterance.onend = utterance.onerror = function () { if (batch === batches) setReading(false); };
        }
        speech.speak(utterance);
      });
    });
    window.addEventListener("pagehide", function () { speech.cancel(); });
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
        document.dispatchEvent(new CustomEvent("site:textsize")); // live charts follow (charts.js)
      });
    });

    // Read aloud (service pages): the page's text, block by block, in the browser's own voice for
    // the page's language; the button stays hidden when the browser has no such voice.
    document.querySelectorAll("[data-read-aloud]").forEach(setUpReadAloud);

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

    // "Cite this page": today's date as the access date in each format (the build date is the
    // fallback, written by generator/site/citation.py). CSL-JSON is parsed and written again,
    // never edited as text; in the other formats only the build date's own string is replaced.
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("[data-accessed]").forEach(function (el) {
      var built = el.getAttribute("data-accessed");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(built) || built === today) return;
      if (el.hasAttribute("data-csl")) {
        try {
          var items = JSON.parse(el.textContent);
          items.forEach(function (item) { item.accessed = { "date-parts": [today.split("-").map(Number)] }; });
          el.textContent = JSON.stringify(items, null, 2) + "\n";
        } catch (e) { /* left as built */ }
      } else {
        el.textContent = el.textContent.split(built).join(today);
      }
    });

    // Copy buttons (embed code, citations): a real <button>, shown only when this script runs.
    // It copies the text of the element it names; where the clipboard is refused (no permission,
    // an old browser, a non-secure page) it selects that text instead and says how to copy it.
    // The outcome is announced in the page's language through the block's live region.
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      var block = button.closest("[data-copy-block]") || button.parentNode;
      var status = block.querySelector("[data-copy-status]");
      var say = function (text) {
        if (!status) return;
        status.textContent = "";
        window.setTimeout(function () { status.textContent = text; }, 50);  // re-announced on every click
      };
      var select = function () {
        var details = target.closest("details");
        if (details) details.open = true;
        var range = document.createRange();
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        say(button.getAttribute("data-selected"));
      };
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = target.textContent;
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { say(button.getAttribute("data-copied")); }, select);
        } else {
          select();
        }
      });
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
