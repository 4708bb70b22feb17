'use strict';
// A small horizontal bar chart of the ratios against their targets, as a standalone SVG (no dependencies).
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** rows: [{ label, value, target, better: 'higher' | 'lower' }] */
function ratioChart(rows, title) {
  const width = 760;
  const left = 300;
  const barArea = width - left - 60;
  const rowHeight = 34;
  const top = 40;
  const height = top + rows.length * rowHeight + 30;
  const max = Math.max(2, ...rows.map((r) => Math.max(r.value, r.target))) * 1.1;
  const x = (v) => left + (Math.min(v, max) / max) * barArea;
  const bars = rows
    .map((row, i) => {
      const y = top + i * rowHeight;
      const ok = row.better === 'higher' ? row.value >= row.target : row.value <= row.target;
      return [
        `<text x="${left - 8}" y="${y + 17}" text-anchor="end">${escape(row.label)}</text>`,
        `<rect x="${left}" y="${y + 4}" width="${Math.max(1, x(row.value) - left)}" height="18" fill="${ok ? '#2e7d32' : '#c62828'}"/>`,
        `<line x1="${x(row.target)}" x2="${x(row.target)}" y1="${y}" y2="${y + 26}" stroke="#222" stroke-dasharray="4 2"/>`,
        `<text x="${x(row.value) + 4}" y="${y + 17}">${row.value.toFixed(2)}× (target ${row.better === 'higher' ? '≥' : '≤'} ${row.target})</text>`,
      ].join('\n  ');
    })
    .join('\n  ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>
  ${bars}
  <text x="${left}" y="${height - 8}" fill="#555">Green: target met; red: missed. Dashed line: the target.</text>
</svg>
`;
}

module.exports = { ratioChart };
