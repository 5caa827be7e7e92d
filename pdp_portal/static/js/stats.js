/* Statistics charts (Chart.js, vendored under static/vendor/chartjs). Each <canvas data-chart=KEY>
   draws the JSON of <script type="application/json" id=KEY>, written by the server from the same
   rows as the table under the chart. No inline script: the page runs under script-src 'self'. */
(function () {
  if (!window.Chart) return;
  // Okabe-Ito: told apart with the common colour-vision deficiencies; yellow last (low contrast).
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
  var lang = document.documentElement.lang || "vi";
  // Long category names are cut on the axis; the tooltip and the table give them whole.
  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    return label.length > 32 ? label.slice(0, 31) + "\u2026" : label;
  }
  function scales(horizontal, stacked, integer) {
    var category = { stacked: stacked, ticks: { callback: shortLabel } };
    // Counts have whole-number ticks only.
    var value = { stacked: stacked, beginAtZero: true, ticks: integer ? { precision: 0 } : {} };
    return horizontal ? { x: value, y: category } : { x: category, y: value };
  }
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
        scales: scales(horizontal, stacked, spec.integer),
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
