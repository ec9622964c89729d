/* Draws every <canvas data-chart="ID"> from the JSON spec in <script id="ID"> (see portal/charts.py).
   French number formats; the same figures are in the table beside each chart. */
(function () {
  "use strict";
  var PALETTE = ["#1f5f8b", "#d98c1f", "#3c8d5a", "#b8433f", "#6b5b95", "#2a9d8f", "#8c6d46", "#7f8c8d"];
  function formatter(unit) {
    var lang = document.documentElement.lang || "fr";
    var nf = new Intl.NumberFormat(lang === "ar" ? "ar-MA" : "fr-FR", { maximumFractionDigits: 2 });
    return function (value) { return nf.format(value) + (unit ? "\u00a0" + unit : ""); };
  }
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var fmt = formatter(spec.unit || "");
    var pie = spec.type === "pie" || spec.type === "doughnut";
    var datasets = spec.datasets.map(function (ds, i) {
      var colour = ds.color || PALETTE[i % PALETTE.length];
      return {
        label: ds.label,
        data: ds.data.map(Number),
        backgroundColor: pie ? spec.labels.map(function (_, j) { return PALETTE[j % PALETTE.length]; }) : colour,
        borderColor: colour,
        borderWidth: spec.type === "line" ? 2 : 0,
        pointRadius: spec.type === "line" ? 2 : 0,
        fill: false,
        tension: 0.2,
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? "y" : "x",
      plugins: {
        legend: { display: datasets.length > 1 || pie, position: "bottom" },
        tooltip: { callbacks: { label: function (ctx) {
          var v = pie ? ctx.parsed : (spec.horizontal ? ctx.parsed.x : ctx.parsed.y);
          return (ctx.dataset.label ? ctx.dataset.label + " : " : "") + fmt(v);
        } } },
      },
    };
    if (!pie) {
      var valueAxis = { beginAtZero: true, stacked: !!spec.stacked, ticks: { callback: function (v) { return fmt(v); } } };
      // counts (every value whole) get whole ticks: no "0,5 réclamation"
      var whole = spec.datasets.every(function (d) { return d.data.every(function (v) { return Number(v) % 1 === 0; }); });
      if (whole) { valueAxis.ticks.precision = 0; }
      var labelAxis = { stacked: !!spec.stacked, ticks: { autoSkip: true, maxRotation: 0 } };
      options.scales = spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    }
    new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
  }
  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
