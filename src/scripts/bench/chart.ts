/** A dependency-free SVG chart for BENCHMARKS.md: throughput ratio to the baseline and p50 by data-set size. */
interface ChartRow {
  scale: number;
  operation: string;
  api: { rps: number; p50: number };
  baseline: { rps: number; p50: number };
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function renderChart(rows: ChartRow[], scales: number[]): string {
  const operations = [...new Set(rows.map((row) => row.operation))];
  const width = 920;
  const height = 380;
  const panel = { top: 50, height: 250, width: 380 };
  const left = [60, 520];
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);

  // Left: API req/s ÷ baseline req/s, grouped bars per operation, one bar per scale.
  const ratios = rows.map((row) => row.api.rps / row.baseline.rps);
  const maxRatio = Math.max(1, ...ratios);
  parts.push(`<text x="${left[0]}" y="25" font-size="14" font-weight="bold">Throughput, API ÷ hand-written baseline</text>`);
  const groupWidth = panel.width / operations.length;
  const barWidth = (groupWidth - 10) / scales.length;
  operations.forEach((operation, o) => {
    scales.forEach((scale, s) => {
      const row = rows.find((r) => r.operation === operation && r.scale === scale);
      if (!row) return;
      const ratio = row.api.rps / row.baseline.rps;
      const h = (ratio / maxRatio) * panel.height;
      const x = left[0]! + o * groupWidth + s * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${(panel.top + panel.height - h).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[s % COLORS.length]}"><title>${escape(operation)} at ${scale}: ${ratio.toFixed(2)}×</title></rect>`);
    });
    parts.push(`<text x="${(left[0]! + o * groupWidth + groupWidth / 2 - 5).toFixed(1)}" y="${panel.top + panel.height + 15}" text-anchor="middle">${escape(operation)}</text>`);
  });
  const half = panel.top + panel.height - (0.5 / maxRatio) * panel.height;
  parts.push(`<line x1="${left[0]}" x2="${left[0]! + panel.width}" y1="${half.toFixed(1)}" y2="${half.toFixed(1)}" stroke="#888" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${left[0]! - 5}" y="${(half + 4).toFixed(1)}" text-anchor="end">0.5×</text>`);
  parts.push(`<line x1="${left[0]}" x2="${left[0]}" y1="${panel.top}" y2="${panel.top + panel.height}" stroke="#000"/>`);
  parts.push(`<text x="${left[0]! - 5}" y="${panel.top + 4}" text-anchor="end">${maxRatio.toFixed(1)}×</text>`);
  scales.forEach((scale, s) => {
    parts.push(`<rect x="${left[0]! + s * 110}" y="${height - 30}" width="10" height="10" fill="${COLORS[s % COLORS.length]}"/>`);
    parts.push(`<text x="${left[0]! + s * 110 + 14}" y="${height - 21}">${scale.toLocaleString('en-US')} records</text>`);
  });

  // Right: API p50 by data-set size, one line per operation (log-spaced x).
  const maxP50 = Math.max(1, ...rows.map((row) => row.api.p50));
  parts.push(`<text x="${left[1]}" y="25" font-size="14" font-weight="bold">API p50 latency (ms) by records</text>`);
  const xOf = (i: number) => left[1]! + (scales.length === 1 ? panel.width / 2 : (i / (scales.length - 1)) * panel.width);
  const yOf = (p50: number) => panel.top + panel.height - (p50 / maxP50) * panel.height;
  parts.push(`<line x1="${left[1]}" x2="${left[1]}" y1="${panel.top}" y2="${panel.top + panel.height}" stroke="#000"/>`);
  parts.push(`<text x="${left[1]! - 5}" y="${panel.top + 4}" text-anchor="end">${maxP50}</text>`);
  parts.push(`<text x="${left[1]! - 5}" y="${panel.top + panel.height}" text-anchor="end">0</text>`);
  scales.forEach((scale, i) => {
    parts.push(`<text x="${xOf(i).toFixed(1)}" y="${panel.top + panel.height + 15}" text-anchor="middle">${scale.toLocaleString('en-US')}</text>`);
  });
  operations.forEach((operation, o) => {
    const points = scales
      .map((scale, i) => {
        const row = rows.find((r) => r.operation === operation && r.scale === scale);
        return row ? `${xOf(i).toFixed(1)},${yOf(row.api.p50).toFixed(1)}` : null;
      })
      .filter((point): point is string => point !== null);
    const color = COLORS[o % COLORS.length];
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${left[1]! + panel.width + 5}" y="${panel.top + 14 * o + 10}" fill="${color}">${escape(operation)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
