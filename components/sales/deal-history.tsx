import { getFormatter, getTranslations } from "next-intl/server";
import { Table, Td, Th } from "@/components/ui/table";
import { splitDuration } from "@/lib/sales/rules";

export type StageHistoryEntry = { id: number; stageName: string; enteredAt: Date; leftAt: Date | null; milliseconds: number };

/** Each stage the deal was in, when it entered and left, and how long it stayed ("3 days 4 h"). */
export async function DealHistory({ entries }: { entries: StageHistoryEntry[] }) {
  const [t, format] = await Promise.all([getTranslations("deals.history"), getFormatter()]);
  const duration = (milliseconds: number) => {
    const { days, hours, minutes } = splitDuration(milliseconds);
    if (days > 0) return t("days", { days, hours });
    if (hours > 0) return t("hours", { hours, minutes });
    return t("minutes", { minutes });
  };
  return (
    <Table
      head={
        <>
          <Th>{t("stage")}</Th>
          <Th className="hidden sm:table-cell">{t("entered")}</Th>
          <Th className="hidden sm:table-cell">{t("left")}</Th>
          <Th className="text-right">{t("time")}</Th>
        </>
      }
    >
      {entries.map((entry) => (
        <tr key={entry.id}>
          <Td className="font-medium">
            {entry.stageName}
            {/* On narrow screens the dates fold in under the stage. */}
            <span className="block text-xs font-normal text-slate-500 sm:hidden">
              {format.dateTime(entry.enteredAt, "dateTime")} – {entry.leftAt ? format.dateTime(entry.leftAt, "dateTime") : t("now")}
            </span>
          </Td>
          <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{format.dateTime(entry.enteredAt, "dateTime")}</Td>
          <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{entry.leftAt ? format.dateTime(entry.leftAt, "dateTime") : t("now")}</Td>
          <Td className="whitespace-nowrap text-right tabular-nums">{duration(entry.milliseconds)}</Td>
        </tr>
      ))}
    </Table>
  );
}
