import type { AttributeSummary, TextPage } from "../../core/inspect/tree";
import { VisibleText } from "../VisibleText";
import { LongText } from "./LongText";

/** Reads part of one attribute's text. */
export type ReadAttributeText = (name: string, offset: number, limit: number) => Promise<TextPage>;

/** An object's attributes, one row each: long values show their beginning and are read in full on request. */
export function AttributeTable({ attributes, read }: { attributes: AttributeSummary[]; read: ReadAttributeText }) {
  return (
    <table className="nodedetails-attributes">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {attributes.map((a) => (
          <tr key={a.name}>
            <th scope="row">
              <VisibleText text={a.name} />
            </th>
            <td>
              {a.truncated > 0 ? (
                <LongText
                  label={a.name}
                  beginning={a.value}
                  total={a.value.length + a.truncated}
                  read={(offset, limit) => read(a.name, offset, limit)}
                />
              ) : (
                <VisibleText text={a.value} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
