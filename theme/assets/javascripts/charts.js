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
    var plain = formatter("", options.locale);
    // renderMode richText: the tooltip is drawn inside the chart's SVG. ECharts' HTML tooltip
    // writes style="…" attributes, which the site's CSP (style-src 'self') blocks.
    options.tooltip = Object.assign({}, options.tooltip, { valueFormatter: fmt, renderMode: "richText" });
    // Value axes: locale number format (the unit is the axis name).
    ["xAxis", "yAxis"].forEach(function (key) {
      [].concat(options[key] || []).forEach(function (axis) {
        if (axis.type === "value" || axis.type === undefined && !axis.data) {
          axis.axisLabel = Object.assign({}, axis.axisLabel, { formatter: function (v) { return plain(v); } });
        }
      });
    });
    (options.series || []).forEach(function (s) {
      if (s.label && s.label.show) s.label.formatter = function (p) { return fmt(p.value && p.value.value !== undefined ? p.value.value : p.value); };
    });
    // The chart's text alternative is the summary written into its aria-label at build time;
    // without a description ECharts replaces it with a generated one ("第0个系列…").
    if (options.aria && el.getAttribute("aria-label")) {
      options.aria.label = Object.assign({}, options.aria.label, { description: el.getAttribute("aria-label") });
    }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(options);
    el.setAttribute("data-ready", "true");
    if (el.getAttribute("data-download-name")) addDownloads(el, chart);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // PNG and SVG of the chart as drawn, offered only once the chart exists.
  function addDownloads(el, chart) {
    var name = el.getAttribute("data-download-name");
    var bar = document.createElement("p");
    bar.className = "chart-downloads";
    [["svg", el.getAttribute("data-label-svg")], ["png", el.getAttribute("data-label-png")]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = pair[1];
      button.addEventListener("click", function () { save(chart, name, pair[0]); });
      bar.appendChild(button);
    });
    el.parentNode.insertBefore(bar, el.nextSibling);
  }

  function save(chart, name, type) {
    var svgUrl = chart.getDataURL({ type: "svg", backgroundColor: "#fff" });
    if (type === "svg") return download(svgUrl, name + ".svg");
    var img = new Image();
    img.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = img.width * 2; canvas.height = img.height * 2;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      download(canvas.toDataURL("image/png"), name + ".png");
    };
    img.src = svgUrl;
  }

  function download(url, filename) {
    var a = document.createElement("a");
    a.href = url; a.download = filename;
    document.body.appendChild(a); a.click(); a.remove();
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
