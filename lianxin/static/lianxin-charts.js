/* Draws the dashboard's charts (ECharts) from the JSON the page carries; no inline script. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var dark = document.body.classList.contains("screen-shell");
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var figure = data[el.dataset.figure];
      if (!figure) { return; }
      var rows = el.dataset.chart === "bar" ? figure.ranking.slice(0, 12).reverse() : figure.trend;
      if (!rows.length) { el.remove(); return; }
      var chart = window.echarts.init(el, dark ? "dark" : null, { renderer: "svg" });
      var names = rows.map(function (r) { return r[0]; });
      var values = rows.map(function (r) { return r[1]; });
      var bar = el.dataset.chart === "bar";
      chart.setOption({
        backgroundColor: "transparent",
        grid: { left: bar ? 96 : 40, right: 16, top: 8, bottom: 24 },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + " " + figure.unit; } },
        xAxis: bar ? { type: "value" } : { type: "category", data: names },
        yAxis: bar ? { type: "category", data: names, axisLabel: { width: 88, overflow: "truncate" } } : { type: "value" },
        series: [{ type: bar ? "bar" : "line", data: values, itemStyle: { color: "#b71c1c" }, connectNulls: true }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
