// The monthly chart of a social-work contract: confirmed services and people served, read from
// the page's json_script tag (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("sw-monthly");
  var source = document.getElementById("sw-chart-data");
  if (!holder || !source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: [data.labels.services, data.labels.people] },
    grid: { left: 40, right: 40, bottom: 30, top: 40 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }],
    series: [
      { name: data.labels.services, type: "bar", data: data.services },
      { name: data.labels.people, type: "line", yAxisIndex: 1, data: data.people }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
