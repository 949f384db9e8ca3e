"use client";

import { Copy, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { useFormErrors } from "@/components/forms/use-form-errors";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField, controlClass, Field, FormAlert } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActionState, FormAction, FormValues } from "@/lib/http/action-state";
import type { ServiceSettings } from "@/lib/settings/schemas";

type Option = { value: string; label: string };
type Period = { start: string; end: string };
type Errors = ReturnType<typeof useFormErrors>;

const priorities = ["urgent", "high", "normal", "low"] as const satisfies readonly (keyof ServiceSettings["policies"])[];
const targets = ["firstResponseMinutes", "resolutionMinutes"] as const;
const statuses = ["new", "open", "pending", "on_hold"] as const satisfies readonly (keyof ServiceSettings["clocks"])[];
const clocks = ["firstResponse", "resolution"] as const;
/** Monday first, as the calendar's week. */
const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
/** As many as the schema takes. */
const maxPeriods = 6;
const maxDates = 400;

/**
 * The service settings in one form. Every field is named by its path in the settings
 * (`calendar.week.0.1.start`, `policies.urgent.resolutionMinutes`), which is also the name its
 * errors come back under. After each answer the form is drawn afresh: from what was sent when it
 * was refused, from the saved settings when it went through.
 */
export function ServiceSettingsForm<T>({
  action,
  initial,
  teams,
  timeZones,
}: {
  action: FormAction<T>;
  initial: ServiceSettings;
  teams: Option[];
  timeZones: string[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} noValidate className="space-y-6" key={JSON.stringify(state)}>
      <SettingsFields state={state} pending={pending} initial={initial} teams={teams} timeZones={timeZones} />
    </form>
  );
}

/** The entries `prefix.0`, `prefix.1`, … of a refused submission. */
function listFrom(values: FormValues, prefix: string): string[] {
  const list: string[] = [];
  for (let index = 0; `${prefix}.${index}` in values; index++) list.push(values[`${prefix}.${index}`]!);
  return list;
}

function weekFrom(values: FormValues): Period[][] {
  return weekdays.map((_, day) => {
    const periods: Period[] = [];
    for (let index = 0; `calendar.week.${day}.${index}.start` in values || `calendar.week.${day}.${index}.end` in values; index++) {
      periods.push({ start: values[`calendar.week.${day}.${index}.start`] ?? "", end: values[`calendar.week.${day}.${index}.end`] ?? "" });
    }
    return periods;
  });
}

/** Ids joined for `aria-describedby`, or none. */
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

/** Moves the focus to an element drawn by the state change just made. */
function focusAfter(change: () => void, id: string) {
  flushSync(change);
  document.getElementById(id)?.focus();
}

function SettingsFields<T>({
  state,
  pending,
  initial,
  teams,
  timeZones,
}: {
  state: ActionState<T>;
  pending: boolean;
  initial: ServiceSettings;
  teams: Option[];
  timeZones: string[];
}) {
  const t = useTranslations("serviceAdmin.settings");
  const errors = useFormErrors(state);
  const sent = state && !state.ok ? state.values : null;
  const [week, setWeek] = useState<Period[][]>(() => (sent ? weekFrom(sent) : initial.calendar.week.map((day) => day.map((period) => ({ ...period })))));
  const [holidays, setHolidays] = useState(() => (sent ? listFrom(sent, "calendar.holidays") : initial.calendar.holidays));
  const [workdays, setWorkdays] = useState(() => (sent ? listFrom(sent, "calendar.workdays") : initial.calendar.workdays));
  const [copied, setCopied] = useState(false);
  const top = useRef<HTMLDivElement>(null);

  // A refused save: to the first field (or list) marked wrong, or to the message when none is.
  useEffect(() => {
    if (!state || state.ok) return;
    const invalid = top.current?.closest("form")?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid]');
    if (invalid) invalid.focus();
    else top.current?.scrollIntoView({ block: "center" });
  }, [state]);

  const text = (name: string, fallback: string | number) => errors.value(name) ?? (sent ? "" : String(fallback));
  const ticked = (name: string, fallback: boolean) => (sent ? sent[name] === "on" : fallback);
  const dayName = (day: number) => t(`weekdays.${weekdays[day]!}`);

  const setDay = (day: number, periods: Period[]) => setWeek((current) => current.map((each, index) => (index === day ? periods : each)));
  const addPeriod = (day: number) => {
    const periods = week[day]!;
    // A first period of a usual day; a further one after the last, left for the user to fill in.
    const next = periods.length === 0 ? { start: "09:00", end: "18:00" } : { start: periods.at(-1)!.end, end: "" };
    focusAfter(() => setDay(day, [...periods, next]), `week-${day}-${periods.length}-${periods.length === 0 ? "start" : "end"}`);
  };
  const removePeriod = (day: number, index: number) => focusAfter(() => setDay(day, week[day]!.filter((_, each) => each !== index)), `week-${day}-add`);
  const changePeriod = (day: number, index: number, part: keyof Period, value: string) =>
    setDay(
      day,
      week[day]!.map((period, each) => (each === index ? { ...period, [part]: value } : period)),
    );
  const copyMonday = () => {
    setWeek((current) => current.map((periods, day) => (day >= 1 && day <= 4 ? current[0]!.map((period) => ({ ...period })) : periods)));
    setCopied(true);
  };

  return (
    <>
      <div ref={top}>
        <FormAlert>{errors.form}</FormAlert>
      </div>

      <Section id="service-levels" title={t("levels.title")} intro={t("levels.intro")}>
        <Table
          className="shadow-none"
          head={
            <>
              <Th className="px-3 sm:px-4">{t("levels.priority")}</Th>
              {(["firstResponse", "resolution"] as const).map((target) => (
                <Th key={target} className="px-3 sm:px-4">
                  {t(`levels.${target}`)} <span className="font-normal whitespace-nowrap text-slate-500">({t("duration.unit")})</span>
                </Th>
              ))}
            </>
          }
        >
          {priorities.map((priority) => (
            <tr key={priority}>
              <Th scope="row" className="px-3 align-top text-slate-900 sm:px-4">
                <span className="mt-2 block">{t(`priorities.${priority}`)}</span>
              </Th>
              {targets.map((target) => {
                const name = `policies.${priority}.${target}`;
                return (
                  <Td key={target} className="px-3 align-top sm:px-4">
                    <MinutesInput
                      id={`policy-${priority}-${target}`}
                      name={name}
                      label={t("levels.cellLabel", { priority: t(`priorities.${priority}`), target: t(`levels.${target === "firstResponseMinutes" ? "firstResponse" : "resolution"}`) })}
                      defaultValue={text(name, initial.policies[priority][target])}
                      error={errors.field(name)}
                    />
                  </Td>
                );
              })}
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="business-hours" title={t("hours.title")} intro={t("hours.intro")}>
        <div className="max-w-sm">
          <Field id="calendar-time-zone" label={t("hours.timeZone")} hint={t("hours.timeZoneHint")} error={errors.field("calendar.timeZone")} required>
            {(control) => (
              <select {...control} name="calendar.timeZone" defaultValue={text("calendar.timeZone", initial.calendar.timeZone)} className={controlClass(Boolean(errors.field("calendar.timeZone")))}>
                {timeZones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div
          role="group"
          aria-labelledby="week-title"
          aria-describedby={describedBy("week-hint", errors.field("calendar.week") && "week-error")}
          data-invalid={errors.field("calendar.week") ? true : undefined}
          tabIndex={errors.field("calendar.week") ? -1 : undefined}
          className="mt-6"
        >
          <h3 id="week-title" className="text-sm font-medium text-slate-700">
            {t("hours.week")}
          </h3>
          <p id="week-hint" className="mt-1 text-xs text-slate-500">
            {t("hours.weekHint")}
          </p>
          {errors.field("calendar.week") && (
            <p id="week-error" className="mt-1 text-sm text-red-600">
              {errors.field("calendar.week")}
            </p>
          )}
          <ul className="mt-3 divide-y divide-slate-100 rounded-md border border-slate-200">
            {week.map((periods, day) => {
              const dayError = errors.field(`calendar.week.${day}`);
              return (
                <li key={day} className="p-3 sm:grid sm:grid-cols-[9rem_1fr] sm:gap-4">
                  <p id={`week-${day}-name`} className="mb-2 text-sm font-medium text-slate-800 sm:mt-2 sm:mb-0">
                    {dayName(day)}
                  </p>
                  <div
                    role="group"
                    aria-labelledby={`week-${day}-name`}
                    aria-describedby={dayError ? `week-${day}-error` : undefined}
                    data-invalid={dayError ? true : undefined}
                    tabIndex={dayError ? -1 : undefined}
                    className="space-y-2"
                  >
                    {periods.length === 0 && <p className="text-sm text-slate-500 sm:mt-2">{t("hours.dayOff")}</p>}
                    {periods.map((period, index) => (
                      <PeriodRow
                        key={index}
                        idPrefix={`week-${day}-${index}`}
                        name={`calendar.week.${day}.${index}`}
                        period={period}
                        labels={{
                          start: t("hours.start", { day: dayName(day), number: index + 1 }),
                          end: t("hours.end", { day: dayName(day), number: index + 1 }),
                          remove: t("hours.removeNamed", { day: dayName(day), number: index + 1 }),
                        }}
                        errors={errors}
                        onChange={(part, value) => changePeriod(day, index, part, value)}
                        onRemove={() => removePeriod(day, index)}
                      />
                    ))}
                    {dayError && (
                      <p id={`week-${day}-error`} className="text-sm text-red-600">
                        {dayError}
                      </p>
                    )}
                    <div className="flex flex-wrap items-center gap-2">
                      <Button
                        id={`week-${day}-add`}
                        variant="secondary"
                        className="min-h-9 px-3"
                        disabled={periods.length >= maxPeriods}
                        aria-label={t("hours.addNamed", { day: dayName(day) })}
                        onClick={() => addPeriod(day)}
                      >
                        <Plus className="size-4" aria-hidden />
                        {t("hours.add")}
                      </Button>
                      {day === 0 && (
                        <Button variant="ghost" className="min-h-9 px-3" onClick={copyMonday}>
                          <Copy className="size-4" aria-hidden />
                          {t("hours.copyMonday")}
                        </Button>
                      )}
                      {periods.length >= maxPeriods && <span className="text-xs text-slate-500">{t("hours.max", { count: maxPeriods })}</span>}
                    </div>
                    {day === 0 && (
                      <p role="status" className="text-xs text-green-700">
                        {copied ? t("hours.copied") : ""}
                      </p>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      </Section>

      <Section id="calendar-days" title={t("days.title")} intro={t("days.intro")}>
        <div className="grid gap-6 sm:grid-cols-2">
          <DateList
            id="holidays"
            name="calendar.holidays"
            dates={holidays}
            onChange={setHolidays}
            errors={errors}
            labels={{
              title: t("days.holidays"),
              hint: t("days.holidaysHint"),
              empty: t("days.noHolidays"),
              add: t("days.addHoliday"),
              date: (number) => t("days.holiday", { number }),
              remove: (number) => t("days.removeHoliday", { number }),
            }}
          />
          <DateList
            id="workdays"
            name="calendar.workdays"
            dates={workdays}
            onChange={setWorkdays}
            errors={errors}
            labels={{
              title: t("days.workdays"),
              hint: t("days.workdaysHint"),
              empty: t("days.noWorkdays"),
              add: t("days.addWorkday"),
              date: (number) => t("days.workday", { number }),
              remove: (number) => t("days.removeWorkday", { number }),
            }}
          />
        </div>
      </Section>

      <Section id="clocks" title={t("clocks.title")} intro={t("clocks.intro")}>
        <p className="mb-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">{t("clocks.example")}</p>
        <Table
          className="shadow-none"
          head={
            <>
              <Th className="px-3 sm:px-4">{t("clocks.status")}</Th>
              <Th className="px-3 text-center sm:px-4">{t("clocks.firstResponse")}</Th>
              <Th className="px-3 text-center sm:px-4">{t("clocks.resolution")}</Th>
            </>
          }
        >
          {statuses.map((status) => (
            <tr key={status}>
              <Th scope="row" className="px-3 sm:px-4">
                <span className="block text-slate-900">{t(`statuses.${status}`)}</span>
                <span className="block text-xs font-normal text-slate-500">{t(`statusHints.${status}`)}</span>
              </Th>
              {clocks.map((clock) => {
                const name = `clocks.${status}.${clock}`;
                return (
                  <Td key={clock} className="px-3 text-center sm:px-4">
                    <input
                      type="checkbox"
                      name={name}
                      defaultChecked={ticked(name, initial.clocks[status][clock])}
                      aria-label={t("clocks.cellLabel", { clock: t(`clocks.${clock}`), status: t(`statuses.${status}`) })}
                      className="size-5 rounded border-slate-300"
                    />
                  </Td>
                );
              })}
            </tr>
          ))}
        </Table>
        <p className="mt-2 text-xs text-slate-500">{t("clocks.stopped")}</p>
      </Section>

      <Section id="escalation" title={t("escalation.title")}>
        <div className="grid gap-5 sm:grid-cols-2">
          <MinutesField
            id="soon-minutes"
            name="soonMinutes"
            label={t("escalation.soonMinutes")}
            hint={t("escalation.soonMinutesHint")}
            defaultValue={text("soonMinutes", initial.soonMinutes)}
            error={errors.field("soonMinutes")}
          />
          <Field id="auto-close-days" label={t("escalation.autoCloseDays")} hint={t("escalation.autoCloseDaysHint")} error={errors.field("autoCloseDays")} required>
            {(control) => (
              <input
                {...control}
                name="autoCloseDays"
                inputMode="numeric"
                autoComplete="off"
                defaultValue={text("autoCloseDays", initial.autoCloseDays)}
                className={controlClass(Boolean(errors.field("autoCloseDays")), "w-28 tabular-nums")}
              />
            )}
          </Field>
        </div>
      </Section>

      <Section id="assignment" title={t("assignment.title")}>
        <div className="max-w-sm space-y-5">
          <Field id="default-team" label={t("assignment.defaultTeam")} hint={teams.length ? t("assignment.defaultTeamHint") : t("assignment.noTeams")} error={errors.field("defaultTeamId")}>
            {(control) => (
              <select {...control} name="defaultTeamId" defaultValue={text("defaultTeamId", initial.defaultTeamId ?? "")} className={controlClass(Boolean(errors.field("defaultTeamId")))}>
                <option value="">{t("assignment.noTeam")}</option>
                {teams.map((team) => (
                  <option key={team.value} value={team.value}>
                    {team.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <CheckboxField
            id="auto-assign"
            name="autoAssign"
            label={t("assignment.autoAssign")}
            hint={t("assignment.autoAssignHint")}
            error={errors.field("autoAssign")}
            defaultChecked={ticked("autoAssign", initial.autoAssign)}
          />
        </div>
      </Section>

      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        <p role="status" className="text-sm text-green-700">
          {state?.ok ? t("saved") : ""}
        </p>
      </div>
    </>
  );
}

/** One part of the form: a card with its heading, which names it for screen readers. */
function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <Card aria-labelledby={`${id}-title`} className="p-5 sm:p-6">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {intro && <p className="mt-1 mb-4 max-w-3xl text-sm text-slate-600">{intro}</p>}
      <div className={intro ? undefined : "mt-4"}>{children}</div>
    </Card>
  );
}

/** "4 h 30 min" for 270, or nothing for what is not a whole number of minutes. */
function useDuration() {
  const t = useTranslations("serviceAdmin.settings.duration");
  return (typed: string) => {
    if (!/^\d{1,6}$/.test(typed.trim())) return "";
    const total = Number(typed.trim());
    const hours = Math.floor(total / 60);
    const minutes = total % 60;
    const duration = hours === 0 ? t("minutes", { minutes }) : minutes === 0 ? t("hours", { hours }) : t("hoursMinutes", { hours, minutes });
    return t("equals", { duration });
  };
}

/** A target in minutes in the service levels' table, named by its row and column; what it comes to in hours shows as it is typed. */
function MinutesInput({ id, name, label, defaultValue, error }: { id: string; name: string; label: string; defaultValue: string; error?: string }) {
  const duration = useDuration();
  const [typed, setTyped] = useState(defaultValue);
  return (
    <div>
      <input
        id={id}
        name={name}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        inputMode="numeric"
        autoComplete="off"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${id}-duration`, error && `${id}-error`)}
        className={controlClass(Boolean(error), "w-20 tabular-nums")}
      />
      <p id={`${id}-duration`} className="mt-1 text-xs text-slate-500">
        {duration(typed)}
      </p>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled number of minutes, with what it comes to in hours after its hint. */
function MinutesField({ id, name, label, hint, defaultValue, error }: { id: string; name: string; label: string; hint: string; defaultValue: string; error?: string }) {
  const duration = useDuration();
  const [typed, setTyped] = useState(defaultValue);
  return (
    <Field id={id} label={label} hint={`${hint} ${duration(typed)}`.trim()} error={error} required>
      {(control) => (
        <input
          {...control}
          name={name}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          inputMode="numeric"
          autoComplete="off"
          className={controlClass(Boolean(error), "w-28 tabular-nums")}
        />
      )}
    </Field>
  );
}

/** One working period, `09:00`–`12:00`, with its remove button; its errors beside it. */
function PeriodRow({
  idPrefix,
  name,
  period,
  labels,
  errors,
  onChange,
  onRemove,
}: {
  idPrefix: string;
  name: string;
  period: Period;
  labels: { start: string; end: string; remove: string };
  errors: Errors;
  onChange: (part: keyof Period, value: string) => void;
  onRemove: () => void;
}) {
  const periodError = errors.field(name);
  const input = (part: keyof Period) => {
    const id = `${idPrefix}-${part}`;
    const error = errors.field(`${name}.${part}`);
    return (
      <>
        <label htmlFor={id} className="sr-only">
          {labels[part]}
        </label>
        <input
          id={id}
          name={`${name}.${part}`}
          value={period[part]}
          onChange={(event) => onChange(part, event.target.value)}
          inputMode="numeric"
          autoComplete="off"
          placeholder={part === "start" ? "09:00" : "18:00"}
          maxLength={5}
          aria-invalid={error || periodError ? true : undefined}
          aria-describedby={describedBy(error && `${id}-error`, periodError && `${idPrefix}-error`)}
          className={controlClass(Boolean(error || periodError), "w-20 text-center tabular-nums")}
        />
      </>
    );
  };
  const messages = (["start", "end"] as const)
    .map((part) => ({ id: `${idPrefix}-${part}-error`, text: errors.field(`${name}.${part}`) }))
    .concat({ id: `${idPrefix}-error`, text: periodError });
  return (
    <div>
      <div className="flex items-center gap-2">
        {input("start")}
        <span aria-hidden className="text-slate-500">
          –
        </span>
        {input("end")}
        <Button variant="ghost" className="min-h-9 px-2 text-slate-500 hover:text-red-700" aria-label={labels.remove} title={labels.remove} onClick={onRemove}>
          <Trash2 className="size-4" aria-hidden />
        </Button>
      </div>
      {messages.map(
        (message) =>
          message.text && (
            <p key={message.id} id={message.id} className="mt-1 text-sm text-red-600">
              {message.text}
            </p>
          ),
      )}
    </div>
  );
}

/** A list of calendar days (holidays, make-up working days) with add and remove buttons. */
function DateList({
  id,
  name,
  dates,
  onChange,
  errors,
  labels,
}: {
  id: string;
  name: string;
  dates: string[];
  onChange: (dates: string[]) => void;
  errors: Errors;
  labels: { title: string; hint: string; empty: string; add: string; date: (number: number) => string; remove: (number: number) => string };
}) {
  const listError = errors.field(name);
  const add = () => focusAfter(() => onChange([...dates, ""]), `${id}-${dates.length}`);
  const remove = (index: number) => focusAfter(() => onChange(dates.filter((_, each) => each !== index)), `${id}-add`);
  return (
    <div
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={describedBy(`${id}-hint`, listError && `${id}-error`)}
      data-invalid={listError ? true : undefined}
      tabIndex={listError ? -1 : undefined}
    >
      <h3 id={`${id}-title`} className="text-sm font-medium text-slate-700">
        {labels.title}
      </h3>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {labels.hint}
      </p>
      {listError && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-600">
          {listError}
        </p>
      )}
      {dates.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">{labels.empty}</p>
      ) : (
        <ul className="mt-3 space-y-2">
          {dates.map((date, index) => {
            const inputId = `${id}-${index}`;
            const error = errors.field(`${name}.${index}`);
            return (
              <li key={index}>
                <div className="flex items-center gap-2">
                  <label htmlFor={inputId} className="sr-only">
                    {labels.date(index + 1)}
                  </label>
                  <input
                    id={inputId}
                    type="date"
                    name={`${name}.${index}`}
                    value={date}
                    onChange={(event) => onChange(dates.map((each, at) => (at === index ? event.target.value : each)))}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${inputId}-error` : undefined}
                    className={controlClass(Boolean(error), "w-44 tabular-nums")}
                  />
                  <Button variant="ghost" className="min-h-9 px-2 text-slate-500 hover:text-red-700" aria-label={labels.remove(index + 1)} title={labels.remove(index + 1)} onClick={() => remove(index)}>
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </div>
                {error && (
                  <p id={`${inputId}-error`} className="mt-1 text-sm text-red-600">
                    {error}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Button id={`${id}-add`} variant="secondary" className="mt-3 min-h-9 px-3" disabled={dates.length >= maxDates} onClick={add}>
        <Plus className="size-4" aria-hidden />
        {labels.add}
      </Button>
    </div>
  );
}
