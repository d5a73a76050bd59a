// Draws the statistics chart from the JSON block the page carries (no inline script, no CDN).
(function () {
  var data = document.getElementById("chart-data");
  var canvas = document.getElementById("statistics-chart");
  if (!data || !canvas || typeof Chart === "undefined") { return; }
  var chart = JSON.parse(data.textContent);
  if (!chart.labels.length) { canvas.closest("figure").hidden = true; return; }
  var palette = ["#0b5cad", "#b3261e", "#2e8b57", "#9a6700", "#5b2a86", "#0e7c86", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#1f77b4"];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: chart.series.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] }; })
    },
    options: {
      responsive: true,
      animation: false,
      plugins: { title: { display: true, text: chart.title }, legend: { position: "bottom" } },
      scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: function (v) { return v.toLocaleString(); } } } }
    }
  });
  canvas.setAttribute("data-drawn", "true");
})();
