/* Statistics charts (Chart.js, vendored under static/vendor/chartjs). Each <canvas data-chart=KEY>
   draws the JSON of <script type="application/json" id=KEY>, written by the server from the same
   rows as the table under the chart. No inline script: the page runs under script-src 'self'. */
(function () {
  if (!window.Chart) return;
  // Okabe-Ito: told apart with the common colour-vision deficiencies; yellow last (low contrast).
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
  var lang = document.documentElement.lang || "vi";
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var horizontal = spec.type === "hbar" || spec.type === "hstacked";
    var stacked = spec.type === "stacked" || spec.type === "hstacked";
    if (horizontal) {
      // One band per category: the box grows with the rows (CSSOM, allowed by the policy).
      canvas.parentNode.style.height = Math.max(160, 90 + spec.labels.length * 26 * Math.max(1, stacked ? 1 : spec.datasets.length / 1.5)) + "px";
    }
    new window.Chart(canvas, {
      type: spec.type === "line" ? "line" : "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d, i) {
          var colour = palette[i % palette.length];
          return { label: d.label, data: d.data, backgroundColor: colour, borderColor: stacked ? "#ffffff" : colour, borderWidth: stacked ? 1 : 0 };
        })
      },
      options: {
        locale: lang,
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: stacked, beginAtZero: true },
          y: { stacked: stacked, beginAtZero: true }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
