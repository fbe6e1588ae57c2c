/* Initialise ECharts on every .chart element when it scrolls into view.
   Options come as JSON from <script type="application/json" id="…">, built at
   build time by generator/charts.py; this file only adds number formatting. */
(function () {
  "use strict";
  if (!window.echarts) return; // no library: the table and summary remain

  function formatter(unit, locale) {
    var nf = new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: 2 });
    return function (value) {
      if (value === null || value === undefined || value === "-") return "—";
      var text = nf.format(value);
      return unit === "%" ? text + "%" : text + (unit ? " " + unit : "");
    };
  }

  function init(el) {
    var data = document.getElementById(el.getAttribute("data-chart"));
    if (!data || el.getAttribute("data-ready")) return;
    var options = JSON.parse(data.textContent);
    var fmt = formatter(options.unit, options.locale);
    var height = parseInt(el.getAttribute("data-height"), 10);
    if (height) el.style.height = height + "px";
    options.tooltip = Object.assign({}, options.tooltip, { valueFormatter: fmt });
    (options.series || []).forEach(function (s) {
      if (s.label && s.label.show) s.label.formatter = function (p) { return fmt(p.value && p.value.value !== undefined ? p.value.value : p.value); };
    });
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(options);
    el.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var charts = document.querySelectorAll(".chart[data-chart]");
    if (!("IntersectionObserver" in window)) { charts.forEach(init); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); init(entry.target); }
      });
    }, { rootMargin: "200px" });
    charts.forEach(function (el) { observer.observe(el); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
