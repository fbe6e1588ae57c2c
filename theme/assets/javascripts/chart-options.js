/* The site's finishing touches to a chart's ECharts options (number formats, the
   text alternative, the tooltip drawn in the SVG), shared by the browser
   (charts.js: the live chart) and Node at build time (tools/echarts/render-svg.js:
   the static SVG every chart page carries), so both draw the same chart.
   Options come from generator/charts.py as JSON. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.ChartOptions = factory();
})(this, function () {
  "use strict";

  // One number format per locale, made once, and each number formatted once: ECharts formats an
  // axis' numbers again at every layout pass, and Intl's formatting was a twentieth of the time
  // Node takes to draw the site's charts at build time (the charts' numbers are few).
  var numberFormats = {};
  function numberFormat(locale) {
    var tag = locale === "zh" ? "zh-CN" : "en-GB";
    if (!numberFormats[tag]) {
      var nf = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }), done = new Map();
      numberFormats[tag] = {
        format: function (value) {
          var text = done.get(value);
          if (text === undefined) done.set(value, text = nf.format(value));
          return text;
        }
      };
    }
    return numberFormats[tag];
  }

  function formatter(unit, locale) {
    var nf = numberFormat(locale);
    return function (value) {
      if (value === null || value === undefined || value === "-") return "—";
      var text = nf.format(value);
      return unit === "%" ? text + "%" : text + (unit ? " " + unit : "");
    };
  }

  /* options: parsed JSON (changed in place and returned); label: the chart's aria-label. */
  function prepare(options, label) {
    var fmt = formatter(options.unit, options.locale);
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
    if (options.aria && label) {
      options.aria.label = Object.assign({}, options.aria.label, { description: label });
    }
    return options;
  }

  return { prepare: prepare, formatter: formatter };
});
