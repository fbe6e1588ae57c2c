/* Site search on Pagefind (issue 13, item 6).

   Enhances the form of theme/partials/site-search.html (which works without
   JavaScript: it goes to the search page, which lists the site's sections):

     <form role="search" action="…/search/" data-site-search data-bundle="…/pagefind/">
       <input type="search" name="q">
       <select name="city" data-filter="city" hidden></select>   (filled from the index on demand)
       <select name="kind" data-filter="kind" hidden></select>
       <button type="submit">…</button>
       <p data-site-search-status role="status" aria-live="polite"></p>
       <ol data-site-search-results></ol>
     </form>

   - Nothing is fetched until the box gets focus (or the page was opened with ?q=):
     then pagefind.js, its WebAssembly and the language's index metadata; each query
     then loads only the index chunks it needs and the fragments of the results it shows
     (5 at a time); the filters' values only when the reader asks to filter.
   - Listens to `input` (typing, pasting, IME commit, autofill), not key events.
   - Synonyms: pagefind/synonyms.json (built from data/search/synonyms.yml by
     generator/finish/search.py); a query containing a term of a group is also
     searched with each other term of the group, and the results merged (best score;
     a synonym's a little less than the words typed).
   - Ranking: Pagefind's, with metadata weights per language (RANKING); then, among the
     first results (whose fragments are loaded to be shown), pages whose title is exactly
     the query or a synonym of it go first.
   - Results show title, city, kind and excerpt. Nothing from the index is inserted
     as HTML: title, city, kind and URL are text; the excerpt (which Pagefind
     escapes, adding only <mark>) is parsed and only its text and <mark>s are kept.
   - Wording in zh and en from <html lang>. Needs CSP script-src 'wasm-unsafe-eval'. */
(function () {
  "use strict";

  var TEXT = {
    zh: {
      loading: "正在加载搜索……",
      none: "没有找到与“{q}”相关的页面。可以换个说法，或在搜索页按栏目浏览。",
      count: "找到 {n} 个相关页面",
      shown: "，显示前 {k} 个",
      all: { city: "全部城市", kind: "全部类型" },
      failed: "搜索暂时无法使用。请按栏目浏览本站。",
      more: "显示更多结果",
      filter: "按城市或类型筛选"
    },
    en: {
      loading: "Loading search…",
      none: "No pages found for “{q}”. Try other words, or browse by section on the search page.",
      count: "{n} pages found",
      shown: ", showing the first {k}",
      all: { city: "All cities", kind: "All kinds of page" },
      failed: "Search is unavailable at the moment. Please browse the site's sections.",
      more: "Show more results",
      filter: "Filter by city or kind"
    }
  };
  /* Results shown at once, and per "more". Each loads its fragment (the page's text, 2–20 KB):
     five, not ten, halve what a first search loads for them (bench/README.md, "First search"). */
  var PAGE = 5;
  var MAX_VARIANTS = 8; // the query and at most 7 synonym rewrites
  /* Pagefind's ranking (defaults: pageLength 0.75, termFrequency 1, termSaturation 1.4,
     metaWeights {title: 5}), per index, tuned on tests/search-relevance.yml. metaWeights boosts a
     page whose metadata field holds the query's words; theme/main.html writes two fields for it:
     - zh: title_parts, the title's suffixes: the browser splits the query (特困供养 → 特|困|供|养)
       where Pagefind's dictionary split the title (特困|人员|救助|供养), and 困 or 养 starts no
       word of it; every piece of the title starts a suffix. Pagefind's own title boost stays.
     - en: title_words, the title with its hyphens as spaces. It replaces the title boost, which
       counts "minimum-living-allowance" twice (whole and in parts): indicators whose long title
       names the minimum living allowance outranked the page about it.
     (Weights 1–2 for title_parts and 0.8–1 for SYNONYM_WEIGHT all pass the whole suite.) */
  var RANKING = {
    zh: { pageLength: 0.75, metaWeights: { title: 5, title_parts: 1.5 } },
    en: { pageLength: 0.75, metaWeights: { title: 0, title_words: 5 } }
  };
  /* A synonym's match counts a little less than the same match of the words typed. */
  var SYNONYM_WEIGHT = 0.9;

  function lang() {
    var l = (document.documentElement.getAttribute("lang") || "zh").toLowerCase();
    return l.indexOf("zh") === 0 ? "zh" : "en";
  }
  function t(key, values) {
    var s = TEXT[lang()][key];
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }

  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

  /* ---- synonyms: query rewriting ---- */

  function containsTerm(query, term) {
    if (CJK.test(term)) return query.indexOf(term) !== -1;
    var q = " " + query.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ") + " ";
    var w = " " + term.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ") + " ";
    return q.indexOf(w) !== -1;
  }
  function replaceTerm(query, term, by) {
    if (CJK.test(term)) return query.split(term).join(" " + by + " ").replace(/\s+/g, " ").trim();
    var words = term.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var re = new RegExp("(^|[^\\p{L}\\p{N}])" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("[^\\p{L}\\p{N}]+") + "(?=$|[^\\p{L}\\p{N}])", "iu");
    return query.replace(re, "$1" + by).replace(/\s+/g, " ").trim();
  }
  /* The query, then the query with each matched term replaced by each other term of its group. */
  function variants(query, groups) {
    var out = [query];
    groups.forEach(function (group) {
      var sorted = group.slice().sort(function (a, b) { return b.length - a.length; });
      for (var i = 0; i < sorted.length; i++) {
        if (!containsTerm(query, sorted[i])) continue;
        group.forEach(function (other) {
          /* A longer term that contains the one typed (五保 → 五保户) finds nothing more: the query
             already matches it. Searched, its extra piece (户) only adds noise. */
          if (other === sorted[i] || containsTerm(other, sorted[i]) || out.length >= MAX_VARIANTS) return;
          var v = replaceTerm(query, sorted[i], other);
          if (out.indexOf(v) === -1) out.push(v);
        });
        break; // the longest matching term of a group is the one replaced
      }
    });
    return out;
  }

  /* ---- Pagefind ---- */

  var state = { pagefind: null, loading: null, synonyms: [], bundle: "", root: "/" };

  function load(form) {
    if (state.loading) return state.loading;
    var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
    state.bundle = bundle;
    state.root = new URL("../", bundle).pathname; // the bundle sits at the site's root
    state.loading = Promise.all([
      import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: state.root, excerptLength: 24, ranking: window.SITE_SEARCH_RANKING || RANKING[lang()] }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      }),
      fetch(bundle + "synonyms.json", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { groups: {} }; })
        .catch(function () { return { groups: {} }; })
    ]).then(function (both) {
      state.pagefind = both[0];
      state.synonyms = (both[1].groups && both[1].groups[lang()]) || [];
      return state.pagefind;
    });
    return state.loading;
  }

  /* Chinese: Pagefind splits page text into words when indexing (jieba's dictionary) but
     the query in the browser (Intl.Segmenter, ICU's dictionary), and matches a query word
     only at the start of an indexed word. Where the two disagree, a single character
     that ICU cut off (人均预期寿命 → 人|均|预期|寿命, indexed 人均|预期|寿命) matches
     nothing and the whole query fails. So each query is also searched without its
     one-character pieces, its results weighted down. */
  var LOOSER_WEIGHT = 0.5;
  function looser(qs) {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return [];
    var seg = new Intl.Segmenter(lang() === "zh" ? "zh" : "en", { granularity: "word" });
    var out = [];
    qs.forEach(function (v) {
      if (!CJK.test(v.q)) return;
      var pieces = Array.from(seg.segment(v.q)).filter(function (s) { return s.isWordLike; }).map(function (s) { return s.segment; });
      var kept = pieces.filter(function (p) { return !(CJK.test(p) && p.length === 1); });
      if (kept.length && kept.length < pieces.length) {
        var q = kept.join(" ");
        if (!qs.some(function (o) { return o.q === q; }) && !out.some(function (o) { return o.q === q; })) out.push({ q: q, weight: LOOSER_WEIGHT });
      }
    });
    return out;
  }

  /* Search every variant, merge by page (best score), best first; then the first PAGE results
     (whose fragments are shown anyway) reordered by exact title. The variants cost bytes only
     through the words they add: Pagefind loads one index chunk (~24 KB) per word looked up, once,
     whichever search asks; the looser forms add no word (they are the same words less some). */
  function searchAll(query, filters) {
    var pf = state.pagefind;
    var qs = variants(query, state.synonyms).map(function (q, i) { return { q: q, weight: i ? SYNONYM_WEIGHT : 1 }; });
    looser(qs).forEach(function (v) { qs.push(v); });
    var opts = filters && Object.keys(filters).length ? { filters: filters } : {};
    return Promise.all(qs.map(function (v) { return pf.search(v.q, opts); })).then(function (answers) {
      var best = new Map();
      answers.forEach(function (answer, i) {
        if (!answer || !answer.results) return;
        answer.results.forEach(function (r) {
          var score = r.score * qs[i].weight;
          var prev = best.get(r.id);
          if (!prev || score > prev.score) best.set(r.id, { id: r.id, score: score, data: once(r.data), variant: i });
        });
      });
      return byExactTitle(Array.from(best.values()).sort(function (a, b) { return b.score - a.score; }), qs);
    });
  }
  function once(load) {
    var loaded = null;
    return function () { return loaded || (loaded = load()); };
  }

  /* Pagefind's metadata boost rewards a title that CONTAINS the query's words, however long the
     title: "Public rental housing" (the service) ties with "Coverage rate of … households that apply
     for public rental housing" (an indicator), which then wins on its shorter text; "残疾人" (the
     page for people with disabilities) loses to "残疾人康复服务". A page whose title, less its city,
     is what the reader typed (or a synonym of it: 低保 → 最低生活保障) is the answer: among the
     results loaded first, such pages go first (the literal query's before a synonym's), in their
     order. Only those: the other results' titles are not loaded. */
  function normal(text) {
    return String(text || "").toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }
  function titleMatch(meta, qs) {
    var title = String(meta.title || "");
    String(meta.city || "").split(" · ").forEach(function (city) { if (city) title = title.split(city).join(""); });
    var wanted = normal(title);
    var exact = wanted ? qs.filter(function (v) { return normal(v.q) === wanted; }) : [];
    return exact.length ? Math.max.apply(null, exact.map(function (v) { return v.weight; })) : 0;
  }
  function byExactTitle(results, qs) {
    var head = results.slice(0, PAGE);
    return Promise.all(head.map(function (r) { return r.data(); })).then(function (datas) {
      var ranked = head.map(function (r, i) { return { r: r, i: i, exact: titleMatch(datas[i].meta || {}, qs) }; });
      ranked.sort(function (a, b) { return b.exact - a.exact || a.i - b.i; });
      return ranked.map(function (x) { return x.r; }).concat(results.slice(PAGE));
    });
  }

  /* For tests and the relevance suite (tests/test_search.py): the merged, loaded results. */
  window.sitePagefindSearch = function (query, filters) {
    var form = document.querySelector("form[data-site-search]");
    return load(form).then(function () { return searchAll(query, filters || {}); }).then(function (rs) {
      return Promise.all(rs.slice(0, PAGE).map(function (r) { return r.data(); }));
    });
  };

  /* ---- rendering: text nodes only, except the excerpt's <mark>s ---- */

  function excerptNodes(excerpt) {
    var doc = new DOMParser().parseFromString("<body>" + excerpt + "</body>", "text/html");
    var frag = document.createDocumentFragment();
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 3) frag.appendChild(document.createTextNode(node.nodeValue));
      else if (node.nodeType === 1 && node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = node.textContent;
        frag.appendChild(m);
      } else if (node.nodeType === 1) frag.appendChild(document.createTextNode(node.textContent));
    });
    return frag;
  }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderResult(data) {
    var li = el("li", "site-search__result");
    var a = el("a", "site-search__title", (data.meta && data.meta.title) || data.url);
    a.href = data.url;
    var h = el("p", "site-search__heading");
    h.appendChild(a);
    li.appendChild(h);
    var where = [data.meta && data.meta.city, data.meta && data.meta.kind].filter(Boolean).join(" · ");
    if (where) li.appendChild(el("p", "site-search__where", where));
    var p = el("p", "site-search__excerpt");
    p.appendChild(excerptNodes(data.excerpt || ""));
    li.appendChild(p);
    return li;
  }

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var status = form.querySelector("[data-site-search-status]");
    var list = form.querySelector("[data-site-search-results]");
    if (!input || !status || !list) return;
    var serial = 0, timer = 0, shown = 0, current = [];

    /* The filters' values, from the index (a select with a single value would filter nothing).
       Loaded only when the reader asks to filter (the button under the first results) or opened
       the search page with ?city=/?kind=: the filter files list every page of each value, so they
       grow with the site (≈ 5 KB at 10 cities, ≈ 45 KB at 100), and most searches never filter. */
    var filled = null;
    function offerFilters() {
      if (filled || !selects.length || form.querySelector(".site-search__filters")) return;
      var button = el("button", "site-search__filters md-button", t("filter"));
      button.type = "button";
      button.addEventListener("click", function () {
        button.disabled = true;
        fillFilters().then(function () {
          button.remove();
          var first = selects.filter(function (select) { return !select.hidden; })[0];
          if (first) first.focus();
        }).catch(function () { button.disabled = false; });
      });
      status.after(button);
    }
    function fillFilters() {
      if (filled) return filled;
      return (filled = state.pagefind.filters().then(function (f) {
        selects.forEach(function (select) {
          var name = select.getAttribute("data-filter");
          var values = Object.keys((f && f[name]) || {}).sort();
          if (values.length < 2) return;
          select.replaceChildren(new Option(TEXT[lang()].all[name] || "", ""));
          values.forEach(function (v) { select.appendChild(new Option(v, v)); });
          select.hidden = false;
        });
      }));
    }
    function chosenFilters() {
      var filters = {};
      selects.forEach(function (select) {
        if (select.value) filters[select.getAttribute("data-filter")] = select.value;
      });
      return filters;
    }

    /* The query emptied or answered by nothing: no "more", nothing to filter. */
    function clearMore() {
      [".site-search__more", ".site-search__filters"].forEach(function (sel) {
        var old = form.querySelector(sel);
        if (old) old.remove();
      });
    }

    function showMore() {
      var next = current.slice(shown, shown + PAGE);
      var mine = serial;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
        if (mine !== serial) return;
        datas.forEach(function (d) { list.appendChild(renderResult(d)); });
        shown += datas.length;
        var old = form.querySelector(".site-search__more");
        if (old) old.remove();
        if (shown < current.length) {
          var more = el("button", "site-search__more md-button", t("more"));
          more.type = "button";
          more.addEventListener("click", showMore);
          list.after(more);
        }
        status.textContent = t("count", { n: current.length }) + (shown < current.length ? t("shown", { k: shown }) : "");
      });
    }

    function run() {
      var query = input.value.replace(/\s+/g, " ").trim();
      var mine = ++serial;
      if (!query) { list.replaceChildren(); status.textContent = ""; clearMore(); return; }
      status.textContent = t("loading");
      var filters = chosenFilters();
      load(form).then(function () { return searchAll(query, filters); }).then(function (rs) {
        if (mine !== serial) return; // a newer query is under way
        list.replaceChildren();
        current = rs; shown = 0;
        if (!rs.length) { status.textContent = t("none", { q: query }); clearMore(); return; }
        offerFilters();
        return showMore();
      }).catch(function (error) {
        console.warn("search unavailable:", error);
        status.textContent = t("failed");
      });
    }

    function soon() { clearTimeout(timer); timer = setTimeout(run, 150); }

    input.addEventListener("focus", function () { load(form).catch(function () {}); }, { once: true });
    input.addEventListener("input", soon);         // typing, paste, IME commit, autofill
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && input.value) { input.value = ""; run(); }
    });
    selects.forEach(function (select) { select.addEventListener("change", run); });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
    var params = new URLSearchParams(location.search);
    var q = params.get("q");
    if (q) {
      input.value = q;
      /* ?city=…&kind=… from the form without JavaScript: chosen once the filters are filled. */
      var filtering = selects.some(function (select) { return params.get(select.getAttribute("data-filter")); });
      load(form).then(filtering ? fillFilters : null).then(function () {
        selects.forEach(function (select) {
          var v = params.get(select.getAttribute("data-filter"));
          if (v && Array.prototype.some.call(select.options, function (o) { return o.value === v; })) select.value = v;
        });
      }).catch(function () {}).then(run);
    }
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  ready(function () { document.querySelectorAll("form[data-site-search]").forEach(enhance); });
})();
