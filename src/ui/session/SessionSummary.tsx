import { useId } from "react";
import type { Device, ElectrodeGroup, Session, Subject } from "../../core/nwb/model";
import { VisibleText } from "../VisibleText";
import { dateField, FieldList, listField, textField } from "./SessionFields";
import "./session.css";

/**
 * What a neuroscientist checks before sharing a file: the session, its subject, the devices and the electrode
 * groups, as written in the file (texts as text; fields the file lacks left out).
 */
export function SessionSummary({ session: s }: { session: Session }) {
  const headingId = useId();
  return (
    <section className="session-summary" aria-labelledby={headingId}>
      <h3 id={headingId}>Session at a glance</h3>
      <FieldList
        fields={[
          textField("Identifier", s.identifier),
          textField("Session description", s.sessionDescription),
          dateField("Start time", s.sessionStartTime),
          textField("Session ID", s.sessionId),
          listField("Experimenters", s.experimenter),
          textField("Institution", s.institution),
          textField("Lab", s.lab),
          textField("Experiment description", s.experimentDescription),
          textField("Protocol", s.protocol),
          textField("Notes", s.notes),
          listField("Keywords", s.keywords),
          listField("Related publications", s.relatedPublications),
        ]}
      />
      <div className="session-parts">
        <SubjectPart subject={s.subject} />
        <NamedList
          title="Devices"
          items={s.devices}
          count={s.deviceCount}
          describe={(d: Device) => [d.description, d.manufacturer && `manufacturer: ${d.manufacturer}`]}
        />
        <NamedList
          title="Electrode groups"
          items={s.electrodeGroups}
          count={s.electrodeGroupCount}
          describe={(g: ElectrodeGroup) => [
            g.description,
            g.location && `location: ${g.location}`,
            g.device && `device: ${g.device}`,
          ]}
        />
      </div>
    </section>
  );
}

function SubjectPart({ subject: t }: { subject: Subject }) {
  const age = t.age && t.ageReference ? `${t.age} (from ${t.ageReference})` : t.age;
  const fields = [
    textField("Subject ID", t.subjectId),
    textField("Species", t.species),
    textField("Sex", t.sex),
    textField("Age", age),
    dateField("Date of birth", t.dateOfBirth),
    textField("Weight", t.weight),
    textField("Genotype", t.genotype),
    textField("Strain", t.strain),
    textField("Description", t.description),
  ];
  return (
    <div className="session-part">
      <h4>Subject</h4>
      {fields.some(Boolean) ? <FieldList fields={fields} /> : <p className="session-none">None in this file.</p>}
    </div>
  );
}

/** Devices or electrode groups: each name, then what the file says of it; the count when more than are listed. */
function NamedList<T extends { name: string }>(props: {
  title: string;
  items: T[];
  count: number;
  describe: (item: T) => string[];
}) {
  const { title, items, count, describe } = props;
  return (
    <div className="session-part">
      <h4>
        {title} ({count})
      </h4>
      {items.length === 0 && <p className="session-none">None in this file.</p>}
      {items.length > 0 && (
        <ul className="session-named">
          {items.map((item) => (
            <li key={item.name}>
              <strong>
                <VisibleText text={item.name} />
              </strong>
              {describe(item)
                .filter(Boolean)
                .map((part, i) => (
                  <span key={i} className="session-named-part">
                    {i === 0 ? " — " : " · "}
                    <VisibleText text={part} />
                  </span>
                ))}
            </li>
          ))}
        </ul>
      )}
      {count > items.length && (
        <p className="session-none">
          and {(count - items.length).toLocaleString("en")} more (the first {items.length} are listed)
        </p>
      )}
    </div>
  );
}
