/**
 * The text of a progress report, pure: `label  42% 4,200/10,000 records  1,234 records/s  ETA 5s`.
 * Without a total (input of unknown size) it shows the count and the rate only.
 */

/** A snapshot of a long operation. */
export interface ProgressSnapshot {
  label: string;
  done: number;
  /** Unknown when undefined (then no percent and no ETA). */
  total?: number;
  elapsedMs: number;
  /** What is counted, plural: `records`, `bytes`. Bytes are printed as KiB/MiB/GiB. */
  unit: string;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `1.5 MiB`, `820 B`: binary units, one decimal from KiB up. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[i]}`;
}

/** `45s`, `3m 05s`, `2h 10m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function amount(n: number, unit: string): string {
  return unit === 'bytes' ? formatBytes(n) : count(n);
}

/** One line describing the snapshot (no line break). */
export function formatProgress(p: ProgressSnapshot): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.done / seconds : 0;
  const rateText = seconds > 0 ? `${amount(rate, p.unit)}${p.unit === 'bytes' ? '/s' : ` ${p.unit}/s`}` : '';
  const parts = [p.label];
  if (p.total !== undefined && p.total > 0) {
    const fraction = Math.min(1, p.done / p.total);
    parts.push(`${String(Math.floor(fraction * 100)).padStart(3)}%`);
    parts.push(p.unit === 'bytes' ? `${formatBytes(p.done)}/${formatBytes(p.total)}` : `${count(p.done)}/${count(p.total)} ${p.unit}`);
    if (rateText) parts.push(rateText);
    if (rate > 0 && p.done < p.total) parts.push(`ETA ${formatDuration(((p.total - p.done) / rate) * 1000)}`);
  } else {
    parts.push(p.unit === 'bytes' ? formatBytes(p.done) : `${count(p.done)} ${p.unit}`);
    if (rateText) parts.push(rateText);
  }
  return parts.join('  ');
}

/** The closing line: `label  done: 10,000 records in 4s (2,500 records/s)`. */
export function formatProgressDone(p: ProgressSnapshot): string {
  const seconds = Math.max(p.elapsedMs, 1) / 1000;
  const rate = p.done / seconds;
  const rateText = p.unit === 'bytes' ? `${formatBytes(rate)}/s` : `${count(rate)} ${p.unit}/s`;
  return `${p.label}  done: ${amount(p.done, p.unit)}${p.unit === 'bytes' ? '' : ` ${p.unit}`} in ${formatDuration(p.elapsedMs)} (${rateText})`;
}
