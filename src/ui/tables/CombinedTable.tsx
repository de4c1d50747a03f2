import { useApp } from "../store";
import { VisibleText } from "../VisibleText";
import { COMBINED_SET, type Combined } from "./tables-slice";
import { TableViewer } from "./TableViewer";
import "./tables.css";

/**
 * "Combine across files": one table path over every open file (spec §4: each file's rows in turn, the union of
 * their columns, the provenance columns first), in a worker of its own (see COMBINED_SET), in place of the table
 * of the panel it was asked from; closing it shows that table again.
 */
export function CombinedTable({ combined }: { combined: Combined }) {
  const close = useApp((s) => s.closeCombined);
  return (
    <section className="tables-combined" role="region" aria-label="Combined tables">
      {combined.status === "opening" && (
        <p className="table-note">
          Combining <VisibleText text={combined.path} /> across files: opening every file in a worker of its own…
        </p>
      )}
      {combined.status === "failed" && (
        <>
          <p role="alert" className="table-error">
            The files could not be combined: <VisibleText text={combined.message} />
          </p>
          <button type="button" onClick={close}>
            Close
          </button>
        </>
      )}
      {combined.status === "open" && (
        <TableViewer
          key={combined.n}
          source={{ setId: COMBINED_SET, files: combined.files, epoch: combined.n }}
          path={combined.path}
          combined
          canCombine={false}
          onClose={close}
        />
      )}
    </section>
  );
}
