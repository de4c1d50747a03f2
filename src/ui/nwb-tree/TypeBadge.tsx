import type { NeurodataType } from "../../core/nwb/node-types";
import { VisibleText } from "../VisibleText";
import "./nwb-tree.css";

/** Said on hover when the file does not describe a type (it embeds no specifications, or none for this type). */
export const NO_TYPE_DOC = "This file embeds no description of this type.";

/**
 * A neurodata type beside an object's name, its description on hover. The row holding it carries the description
 * for keyboard and screen-reader users (`aria-description`), so the badge's own title is for the mouse.
 */
export function TypeBadge({ type }: { type: NeurodataType }) {
  return (
    <span className="nwb-type" title={type.doc ?? NO_TYPE_DOC}>
      {" "}
      <VisibleText text={type.label} />
    </span>
  );
}
