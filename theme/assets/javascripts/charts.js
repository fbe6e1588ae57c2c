/* Charts: every .chart element arrives with a static SVG drawn at build time
   (generator/chart_svg.py), so it shows at once, without ECharts. The live,
   interactive ECharts chart (tooltips) replaces it when the reader reaches for
   it (pointer or keyboard focus on the chart), or, on wide screens, once the
   chart scrolls into view. ECharts itself (data-echarts on this script) is
   loaded only then: a phone that only reads the chart never downloads it.
   Options come as JSON from <script type="application/json" id="…">, finished
   by chart-options.js exactly as for the static SVG. The SVG and PNG downloads are
   files made at build time (generator/site/chart_images.py), plain links: no script. */
(function () {
  "use strict";
  var script = document.currentScript;
  var echartsUrl = script && script.getAttribute("data-echarts");
  var loading = null;

  function loadEcharts() {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = echartsUrl;
        tag.onload = function () { resolve(window.echarts); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function options(el) {
    var data = document.getElementById(el.getAttribute("data-chart"));
    return data && window.ChartOptions.prepare(JSON.parse(data.textContent), el.getAttribute("aria-label"));
  }

  // Large-text mode (site.js) enlarges the live chart's words too — axis labels and names, the
  // legend, value labels, the tooltip — by 4/3 (ECharts' 12 px become 16 px; a size the chart
  // sets itself, such as the overview's 11 px names, grows in proportion), and the chart's box
  // with them, so that names broken over lines still fit their rows.
  var LARGE_SCALE = 4 / 3, DEFAULT_SIZE = 12;
  function scale() { return document.documentElement.classList.contains("large-text") ? LARGE_SCALE : 1; }
  function textSize(opts) {
    var k = scale();
    var sized = function (style) {
      var base = (style && style.fontSize) || DEFAULT_SIZE;
      return Object.assign({}, style, { fontSize: Math.round(base * k) });
    };
    opts.textStyle = sized(opts.textStyle);
    ["xAxis", "yAxis"].forEach(function (key) {
      if (!opts[key]) return;
      opts[key] = [].concat(opts[key]).map(function (axis) {
        return Object.assign({}, axis, { axisLabel: sized(axis.axisLabel), nameTextStyle: sized(axis.nameTextStyle) });
      });
    });
    if (opts.legend) opts.legend = [].concat(opts.legend).map(function (l) { return Object.assign({}, l, { textStyle: sized(l.textStyle) }); });
    if (opts.tooltip) opts.tooltip = Object.assign({}, opts.tooltip, { textStyle: sized(opts.tooltip.textStyle) });
    (opts.series || []).forEach(function (series) { if (series.label) series.label = sized(series.label); });
    return opts;
  }
  function boxHeight(el) {
    var height = parseInt(el.getAttribute("data-height"), 10);
    if (height) el.style.height = Math.round(height * scale()) + "px";
  }
  document.addEventListener("site:textsize", function () {
    document.querySelectorAll(".chart[data-ready]").forEach(function (el) {
      if (!el.chart) return;
      boxHeight(el);
      el.chart.resize();
      el.chart.setOption(textSize(options(el)));
    });
  });

  function goLive(el) {
    if (el.getAttribute("data-ready") || el.getAttribute("data-loading") || !echartsUrl) return;
    el.setAttribute("data-loading", "true");
    loadEcharts().then(function (echarts) {
      var opts = options(el);
      if (!opts) return;
      textSize(opts);
      boxHeight(el);
      el.textContent = ""; // the static SVG
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(opts);
      el.chart = chart;
      el.setAttribute("data-ready", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    }, function () { el.removeAttribute("data-loading"); }); // no library: the static chart stays
  }

  function start() {
    var charts = document.querySelectorAll(".chart[data-chart]");
    var wide = window.matchMedia && window.matchMedia("(min-width: 60em)").matches;
    charts.forEach(function (el) {
      ["pointerenter", "pointerdown", "focusin"].forEach(function (type) {
        el.addEventListener(type, function () { goLive(el); }, { once: true });
      });
    });
    if (!wide) return;
    if (!("IntersectionObserver" in window)) { charts.forEach(goLive); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); goLive(entry.target); }
      });
    }, { rootMargin: "200px" });
    charts.forEach(function (el) { observer.observe(el); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
