/**
 * Rows as an aligned text table: columns padded to their widest cell, numbers right-aligned so
 * digits line up (pass ids as strings: they read better left-aligned), two spaces between columns. For people; `--json` is for programs.
 */
export function formatTable(headers: string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string[] {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === "number"));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  return [line(headers), ...cells.map(line)];
}
