import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { currentRfm, reportRfm, reportRfmCells } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { rfmCellKey, rfmScores, rfmSegmentKeys, rfmSegmentOf, type RfmScore, type RfmSegment } from "@/lib/customers/rfm";
import { toMajorUnitsText } from "@/lib/money";
import { readSetting } from "@/lib/settings/queries";
import { averageAmount, ratio } from "./rules";
import { reportParamsSchema } from "./schemas";
import { exportedCsv, reportTeams, rollupsRefreshedAt } from "./shared";

/** RFM has no span: it scores everyone as of the last refresh. Only the team narrows it. */
const rfmParamsSchema = reportParamsSchema.pick({ team: true });

export type RfmCell = {
  recency: RfmScore;
  frequency: RfmScore;
  /** `r5f4`: the customer list's filter value for the cell. */
  key: string;
  segment: RfmSegment;
  customers: number;
  /** Mean net spend of the cell's customers, minor units; null when empty. */
  averageSpend: number | null;
  /** Mean monetary score (1–5); null when empty. */
  averageMonetary: number | null;
};

export type RfmSegmentSummary = { segment: RfmSegment; customers: number; share: number | null; averageSpend: number | null };

export type Rfm = {
  params: { team?: string };
  currency: string;
  /** The quintile boundaries (20th, 40th, 60th and 80th percentiles); null before any purchase. */
  cuts: { recency: Date[]; frequency: number[]; monetary: number[] } | null;
  /** Customers in the grid, within the team filter. */
  customers: number;
  /** Recency 5 to 1 (rows) × frequency 1 to 5 (columns). */
  grid: RfmCell[][];
  segments: RfmSegmentSummary[];
  teams: { id: string; name: string }[];
  refreshedAt: Date | null;
};

/**
 * The RFM grid: live buying customers by recency and frequency score, each cell in its named
 * segment, with the segments' sizes; from the RFM rollup (as of the last refresh).
 */
export async function getRfm(actor: Actor, rawParams: unknown): Promise<Rfm> {
  assertCan(actor, "reports.read");
  const params = rfmParamsSchema.parse(rawParams ?? {});
  const db = await getDb();
  const [{ currency }, [cuts], rows, teams, refreshedAt] = await Promise.all([
    readSetting("organisation", db),
    db.select().from(reportRfm).where(eq(reportRfm.name, currentRfm)),
    db.select().from(reportRfmCells).where(eq(reportRfmCells.teamKey, params.team ?? "all")),
    reportTeams(db),
    rollupsRefreshedAt(db),
  ]);
  const byCell = new Map(rows.map((row) => [rfmCellKey(row.recency, row.frequency), row]));
  const grid = [...rfmScores].reverse().map((recency) =>
    rfmScores.map((frequency): RfmCell => {
      const key = rfmCellKey(recency, frequency);
      const row = byCell.get(key);
      const customers = row?.customers ?? 0;
      return {
        recency,
        frequency,
        key,
        segment: rfmSegmentOf(recency, frequency),
        customers,
        averageSpend: averageAmount(row?.netSpend ?? 0, customers),
        averageMonetary: customers > 0 ? row!.monetaryScores / customers : null,
      };
    }),
  );
  const cells = grid.flat();
  const customers = cells.reduce((total, cell) => total + cell.customers, 0);
  const segments = rfmSegmentKeys.map((segment): RfmSegmentSummary => {
    const mine = cells.filter((cell) => cell.segment === segment);
    const count = mine.reduce((total, cell) => total + cell.customers, 0);
    const spend = mine.reduce((total, cell) => total + (byCell.get(cell.key)?.netSpend ?? 0), 0);
    return { segment, customers: count, share: ratio(count, customers), averageSpend: averageAmount(spend, count) };
  });
  return {
    params,
    currency,
    cuts: cuts ? { recency: cuts.recencyCuts, frequency: cuts.frequencyCuts, monetary: cuts.monetaryCuts } : null,
    customers,
    grid,
    segments,
    teams,
    refreshedAt,
  };
}

/** The grid as CSV, a row per cell with its segment. */
export async function exportRfm(actor: Actor, rawParams: unknown): Promise<{ filename: string; csv: string }> {
  const rfm = await getRfm(actor, rawParams);
  const header = ["recency", "frequency", "segment", "customers", `average_net_spend_${rfm.currency}`, "average_monetary_score"];
  const rows = rfm.grid.flat().map((cell) => [
    cell.recency,
    cell.frequency,
    cell.segment,
    cell.customers,
    cell.averageSpend === null ? "" : toMajorUnitsText(cell.averageSpend, rfm.currency),
    cell.averageMonetary === null ? "" : cell.averageMonetary.toFixed(2),
  ]);
  const csv = await exportedCsv(await getDb(), actor, "rfm", { team: rfm.params.team ?? "all" }, [header, ...rows]);
  return { filename: "rfm.csv", csv };
}
