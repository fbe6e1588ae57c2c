// Static SVGs of the site's charts, drawn at build time by the same ECharts build and
// option finishing (theme/assets/javascripts/chart-options.js) as the live charts, so a
// chart shows before (and without) any script: generator/chart_svg.py runs this once
// per build with every chart's options and cleans the output for the page.
//   stdin:  [{"key": …, "options": {…}, "label": "…", "width": 340, "height": 320}, …]
//   stdout: {"<key>": "<svg …>", …}
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [bundle, optionsScript] = process.argv.slice(2);
vm.runInThisContext(fs.readFileSync(bundle, "utf8") + "\n;globalThis.echarts = echarts;", { filename: bundle });
const { prepare } = require(path.resolve(optionsScript));

const charts = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
for (const { key, options, label, width, height } of charts) {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption(prepare(options, label));
  out[key] = chart.renderToSVGString();
  chart.dispose();
}
process.stdout.write(JSON.stringify(out));
