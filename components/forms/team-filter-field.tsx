import { controlClass, Field } from "@/components/ui/field";

/** A filter's team: everyone, one team, or those in no team (`none`), as a GET form's `team` field. */
export function TeamFilterField({
  id,
  label,
  value,
  teams,
  allLabel,
  noneLabel,
}: {
  id: string;
  label: string;
  value?: string;
  teams: { id: string; name: string }[];
  allLabel: string;
  noneLabel: string;
}) {
  return (
    <Field id={id} label={label}>
      {(control) => (
        <select {...control} name="team" defaultValue={value ?? ""} className={controlClass()}>
          <option value="">{allLabel}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
          <option value="none">{noneLabel}</option>
        </select>
      )}
    </Field>
  );
}
