// HAProxy's `show stat` CSV, as rows keyed by column name. The first line names the columns ("# pxname,svname,...").

export type StatRow = Readonly<Record<string, string>>;

export function parseShowStat(text: string): StatRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (!header?.startsWith('# ')) return [];
  const columns = header.slice(2).split(',');
  return lines.map((line) => {
    const values = line.split(',');
    const row: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c) row[c] = values[i] ?? '';
    });
    return row;
  });
}
