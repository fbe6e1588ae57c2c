/*! The site's own ECharts build: Apache ECharts (Apache-2.0, https://echarts.apache.org/),
    with only what the site's charts use. Built by `npm run build:echarts` (`make setup`). */
// Only what the site's charts use (ECharts' documented tree-shaking), so a chart page
// downloads a fraction of the full echarts.min.js. Bundled by esbuild into a minified
// IIFE that sets window.echarts (see "build:echarts" in package.json); the generator
// (generator/engine/mkdocs_hooks.py) copies it into the site as assets/vendor/echarts.min.js.
// The options come from generator/charts.py; theme/assets/javascripts/charts.js draws them.
// A chart option naming anything not registered here is silently ignored: add it here.
// tests/test_echarts_bundle.py draws the site's real options with this build and with the
// full echarts.min.js and requires the same SVG.
import * as echarts from "echarts/core";
// Series: the bars (indicator, overview and comparison charts) and the dashed
// straight path from the 2020 value to the 2025 target (indicator charts).
import { BarChart, LineChart } from "echarts/charts";
import {
  TitleComponent, // every option set carries a title block (pyecharts)
  TooltipComponent, // tooltip with trigger "axis" (brings the axis pointer with it)
  LegendPlainComponent, // the legends of the overview and comparison charts (plain, never "scroll")
  GridComponent, // the cartesian grid with its category and value axes (xAxis / yAxis)
  AriaComponent, // aria: the chart's text alternative and the decal patterns beside colours
} from "echarts/components";
// generator/charts.py sets grid.containLabel (axis labels inside the grid); since ECharts 6
// that needs this feature, or the option is ignored and long labels are cut off.
import { LegacyGridContainLabel } from "echarts/features";
// Charts are drawn as SVG (echarts.init(el, null, {renderer: "svg"})), which also
// gives the SVG download (chart.getDataURL({type: "svg"})); the PNG is made from that SVG.
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart, LineChart,
  TitleComponent, TooltipComponent, LegendPlainComponent, GridComponent, AriaComponent,
  LegacyGridContainLabel,
  SVGRenderer,
]);

// What becomes the global `echarts` (esbuild's --global-name): charts.js calls only init;
// exporting the whole echarts/core API instead would add about 5 KB gzip. The built-in
// locales ZH and EN come with echarts/core.
export { init, getInstanceByDom, dispose, registerLocale, version } from "echarts/core";
