/**
 * A metric: { name, value, unit, baseline?, target? } where target is one of
 * { max }, { min }, { minRatio } (value / baseline) or { equals }.
 */
export function judge(metric) {
  const ratio =
    metric.baseline !== undefined && metric.baseline !== 0 && Number.isFinite(metric.value)
      ? metric.value / metric.baseline
      : undefined;
  const t = metric.target;
  let pass;
  if (t?.max !== undefined) pass = metric.value <= t.max;
  else if (t?.min !== undefined) pass = metric.value >= t.min;
  else if (t?.minRatio !== undefined) pass = ratio !== undefined && ratio >= t.minRatio;
  else if (t?.equals !== undefined) pass = metric.value === t.equals;
  return { ...metric, ratio, pass };
}

function targetText(t, unit) {
  if (!t) return '';
  if (t.max !== undefined) return `≤ ${fmt(t.max)} ${unit}`;
  if (t.min !== undefined) return `≥ ${fmt(t.min)} ${unit}`;
  if (t.minRatio !== undefined) return `≥ ${Math.round(t.minRatio * 100)} % of baseline`;
  return `= ${t.equals}`;
}

export function fmt(n) {
  if (n === undefined || n === null) return '';
  if (typeof n !== 'number') return String(n);
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) || Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(Math.abs(n) >= 10 ? 1 : 2);
}

/** One table for every scenario: metric, Agented, baseline, ratio, target, verdict. */
export function renderTable(results) {
  const rows = [['', 'metric', 'Agented', 'baseline', 'ratio', 'target', '']];
  for (const r of results) {
    if (r.error) {
      rows.push([r.id, `FAILED: ${r.error.split('\n')[0].slice(0, 100)}`, '', '', '', '', '✗']);
      continue;
    }
    r.metrics.forEach((m, i) => {
      rows.push([
        i === 0 ? r.id : '',
        m.name,
        `${fmt(m.value)} ${m.unit}`.trim(),
        m.baseline === undefined ? '' : `${fmt(m.baseline)} ${m.unit}`.trim(),
        m.ratio === undefined ? '' : `${m.ratio.toFixed(2)}×`,
        targetText(m.target, m.unit),
        m.pass === undefined ? '' : m.pass ? 'ok' : 'MISSED',
      ]);
    });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row) =>
    row.map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows.slice(1)) out.push(line(row));
  out.push('');
  for (const r of results) if (r.baselineName) out.push(`${r.id} baseline: ${r.baselineName}`);
  return out.join('\n');
}
