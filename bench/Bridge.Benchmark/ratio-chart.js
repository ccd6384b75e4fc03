// Draws the benchmark's chart in a page that has loaded chart.js (its UMD build, the global Chart): one grouped bar
// chart per engine and site setup, each bar a mechanism's ratio to CORS on one workload. Bars start at 1.0x (the
// line), so a bar going up is more than CORS and one going down less; the axis is logarithmic, so 2x and 0.5x are
// equally far from it. The host screenshots #charts.
"use strict";
(() => {
  const colours = { "bridge": "#1f6feb", "bridge-streams": "#79c0ff", "proxy": "#8b949e", "xdomain": "#d29922", "penpal": "#a371f7" };
  const fallback = ["#3fb950", "#f85149", "#db61a2"];
  const width = 880;
  const height = 400;
  const ticks = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 50];

  const referenceLine = {
    id: "referenceLine",
    afterDatasetsDraw(chart) {
      const y = chart.scales.y.getPixelForValue(1);
      const { left, right } = chart.chartArea;
      const context = chart.ctx;
      context.save();
      context.strokeStyle = "#24292f";
      context.lineWidth = 1.5;
      context.setLineDash([6, 4]);
      context.beginPath();
      context.moveTo(left, y);
      context.lineTo(right, y);
      context.stroke();
      context.restore();
    },
  };

  /** panels: [{ title, labels: [string[]], series: [{ mechanism, ratios: (number|null)[] }] }], columns: panels per row. */
  function drawRatioCharts({ title, panels, columns }) {
    const root = document.getElementById("charts");
    root.style.gridTemplateColumns = `repeat(${columns}, ${width}px)`;
    const heading = document.getElementById("title");
    heading.textContent = title;
    heading.style.maxWidth = `${columns * width}px`;
    const ratios = panels.flatMap((panel) => panel.series.flatMap((series) => series.ratios)).filter((ratio) => ratio !== null);
    const min = Math.min(0.5, ...ratios.map((ratio) => ratio / 1.2));
    const max = Math.max(2, ...ratios.map((ratio) => ratio * 1.2));
    panels.forEach((panel, index) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      root.append(canvas);
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: panel.labels,
          datasets: panel.series.map((series, i) => ({
            label: series.mechanism,
            data: series.ratios.map((ratio) => (ratio === null ? null : [1, ratio])),
            backgroundColor: colours[series.mechanism] ?? fallback[i % fallback.length],
          })),
        },
        options: {
          responsive: false,
          animation: false,
          devicePixelRatio: 1,
          plugins: {
            title: { display: true, text: panel.title, font: { size: 16 } },
            legend: { display: index === 0, position: "bottom" },
            tooltip: { enabled: false },
          },
          scales: {
            x: { ticks: { autoSkip: false, maxRotation: 0, font: { size: 11 } } },
            y: {
              type: "logarithmic",
              min,
              max,
              title: { display: true, text: "ratio to CORS (log scale)" },
              afterBuildTicks: (axis) => {
                axis.ticks = ticks.filter((tick) => tick >= min && tick <= max).map((value) => ({ value }));
              },
              ticks: { callback: (value) => `${value}x` },
            },
          },
        },
        plugins: [referenceLine],
      });
    });
  }

  window.drawRatioCharts = drawRatioCharts;
})();
