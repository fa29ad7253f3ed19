import type { SkippedRow } from "../trpc";

/** The FAQ rows an import left out, with why, so the owner can fix the file. */
export function SkippedRows({ rows }: { rows: readonly SkippedRow[] }) {
  if (rows.length === 0) return null;
  return (
    <table className="data-table skipped-rows">
      <caption>
        {rows.length === 1 ? "1 row was not imported" : `${rows.length} rows were not imported`}. Fix {rows.length === 1 ? "it" : "them"} in your file and import
        it again.
      </caption>
      <thead>
        <tr>
          <th scope="col">Row</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.row}:${row.message}`}>
            <th scope="row">{row.row}</th>
            <td>{row.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
