"use client";

import {
  DndContext,
  DragOverlay,
  pointerWithin,
  rectIntersection,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type CollisionDetection,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { ArrowRightLeft } from "lucide-react";
import type { Route } from "next";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useId, useOptimistic, useRef, useState, useTransition } from "react";
import { cn } from "@/components/ui/cn";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/http/action-state";
import { toMajorUnits } from "@/lib/money";

export type BoardCard = {
  id: string;
  label: string;
  title: string;
  amount: number;
  currency: string;
  ownProbability: number | null;
  expectedCloseOn: string | null;
  ownerName: string;
  customerName: string;
  canEdit: boolean;
  stageId: string;
};

export type BoardStage = { id: string; name: string; probability: number; outcome: "open" | "won" | "lost" };

type Move = { dealId: string; stageId: string };
type MoveAction = (state: null, form: FormData) => Promise<ActionState<{ id: string }>>;

/**
 * With a card lifted, the left and right arrows move it a whole column (dnd-kit's default is 25 px).
 * Positions are read live, because moving to a column out of view scrolls the board.
 */
const toNeighbourColumn: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  if (event.code !== "ArrowRight" && event.code !== "ArrowLeft") return undefined;
  event.preventDefault();
  // Where the travelling copy is as of this key press (the sensor's own coordinates are its
  // top-left, and are current even when keys come faster than the screen is drawn).
  const width = context.activeNode?.offsetWidth;
  if (!width) return undefined;
  const centre = currentCoordinates.x + width / 2;
  const columns = context.droppableContainers
    .getEnabled()
    .flatMap((container) => (container.node.current ? [container.node.current.getBoundingClientRect()] : []))
    .sort((a, b) => a.left - b.left);
  const target = event.code === "ArrowRight" ? columns.find((column) => column.left > centre) : columns.reverse().find((column) => column.left + column.width < centre);
  if (!target) return undefined;
  return { x: currentCoordinates.x + target.left + target.width / 2 - centre, y: currentCoordinates.y };
};

/** A pointer drops where it points; the keyboard, where the travelling card overlaps most. */
const dropTarget: CollisionDetection = (args) => {
  const pointed = pointerWithin(args);
  return pointed.length > 0 ? pointed : rectIntersection(args);
};

const weighted = (card: BoardCard, stage: BoardStage) => Number((BigInt(card.amount) * BigInt(card.ownProbability ?? stage.probability)) / 100n);

/**
 * The kanban board. A card moves by dragging (mouse, touch, or the keyboard: Space to lift, arrows
 * to choose a column, Space to drop) or with its Move button; the move shows at once and rolls
 * back when the server refuses it. A lost stage asks for the reason first.
 */
export function Board({ stages, cards, currency, moveAction }: { stages: BoardStage[]; cards: BoardCard[]; currency: string; moveAction: MoveAction }) {
  const t = useTranslations("board");
  const tAll = useTranslations();
  const format = useFormatter();
  const money = (minor: number) => format.number(toMajorUnits(minor, currency), { style: "currency", currency, maximumFractionDigits: 0 });
  const [shown, applyMove] = useOptimistic(cards, (state, move: Move) => state.map((card) => (card.id === move.dealId ? { ...card, stageId: move.stageId } : card)));
  const [saving, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ card: BoardCard; stageId: string } | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    // Instant scrolling, so that the next arrow key measures where the columns now are.
    useSensor(KeyboardSensor, { coordinateGetter: toNeighbourColumn, scrollBehavior: "auto" }),
  );
  // A stable id keeps dnd-kit's accessibility ids the same on the server and in the browser.
  const dndId = useId();
  const stageById = new Map(stages.map((stage) => [stage.id, stage]));
  const cardById = new Map(shown.map((card) => [card.id, card]));

  function commit(card: BoardCard, stageId: string, lostReason?: string) {
    if (card.stageId === stageId) return;
    setError(null);
    startTransition(async () => {
      applyMove({ dealId: card.id, stageId });
      const form = new FormData();
      form.set("dealId", card.id);
      form.set("stageId", stageId);
      if (lostReason) form.set("lostReason", lostReason);
      const result = await moveAction(null, form);
      if (result && !result.ok) {
        const key = result.fieldErrors?.lostReason?.[0] ?? result.formError ?? "errors.unexpected";
        setError(t("refused", { title: card.title, reason: tAll.has(key) ? tAll(key) : tAll("errors.unexpected") }));
      }
    });
  }

  function request(card: BoardCard, stageId: string) {
    if (card.stageId === stageId) return;
    if (stageById.get(stageId)?.outcome === "lost") setAsking({ card, stageId });
    else commit(card, stageId);
  }

  function onDragEnd(event: DragEndEvent) {
    setDragging(null);
    const card = cardById.get(String(event.active.id));
    if (!card || !event.over) return;
    request(card, String(event.over.id));
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) => t("announce.start", { title: cardById.get(String(active.id))?.title ?? "" }),
    onDragOver: ({ active, over }) => (over ? t("announce.over", { title: cardById.get(String(active.id))?.title ?? "", stage: stageById.get(String(over.id))?.name ?? "" }) : t("announce.outside")),
    onDragEnd: ({ active, over }) => (over ? t("announce.end", { title: cardById.get(String(active.id))?.title ?? "", stage: stageById.get(String(over.id))?.name ?? "" }) : t("announce.cancel")),
    onDragCancel: () => t("announce.cancel"),
  };

  return (
    <div>
      {/* A move shows at once; until the server has kept it, the board is busy and says so. */}
      <p role="status" aria-live="polite" className={cn("mb-3 rounded-md px-3 py-2 text-sm", error ? "bg-red-50 text-red-800" : "sr-only")}>
        {error ?? (saving ? t("saving") : null)}
      </p>
      <DndContext
        id={dndId}
        sensors={sensors}
        collisionDetection={dropTarget}
        onDragStart={(event: DragStartEvent) => setDragging(String(event.active.id))}
        onDragCancel={() => setDragging(null)}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("instructions") } }}
      >
        <div aria-busy={saving || undefined} className={cn("-mx-4 flex gap-3 overflow-x-auto px-4 pb-4 sm:mx-0 sm:px-0", saving && "cursor-progress")}>
          {stages.map((stage) => {
            const inStage = shown.filter((card) => card.stageId === stage.id);
            const total = inStage.reduce((sum, card) => sum + card.amount, 0);
            const weightedTotal = inStage.reduce((sum, card) => sum + weighted(card, stage), 0);
            return (
              <Column key={stage.id} stage={stage} count={inStage.length} total={money(total)} weighted={money(weightedTotal)}>
                {inStage.map((card) => (
                  <Card key={card.id} card={card} money={money} onMove={() => setAsking({ card, stageId: card.stageId })} />
                ))}
                {inStage.length === 0 && <li className="px-2 py-6 text-center text-xs text-slate-400">{t("emptyColumn")}</li>}
              </Column>
            );
          })}
        </div>
        <DragOverlay dropAnimation={null}>
          {dragging && cardById.get(dragging) && (
            <div className="rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg ring-2 ring-brand-400">
              <CardBody card={cardById.get(dragging)!} money={money} />
            </div>
          )}
        </DragOverlay>
      </DndContext>
      {asking && (
        <MoveDialog
          key={`${asking.card.id}-${asking.stageId}`}
          card={asking.card}
          stages={stages}
          initialStageId={asking.stageId}
          onClose={() => setAsking(null)}
          onMove={(stageId, reason) => {
            setAsking(null);
            commit(asking.card, stageId, reason);
          }}
        />
      )}
    </div>
  );
}

function Column({ stage, count, total, weighted, children }: { stage: BoardStage; count: number; total: string; weighted: string; children: React.ReactNode }) {
  const t = useTranslations("board");
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  const headingId = useId();
  const tone = stage.outcome === "won" ? "border-t-green-500" : stage.outcome === "lost" ? "border-t-slate-400" : "border-t-brand-500";
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      className={cn("flex w-72 shrink-0 flex-col rounded-lg border border-t-4 border-slate-200 bg-slate-50", tone, isOver && "ring-2 ring-brand-400")}
    >
      <header className="border-b border-slate-200 px-3 py-2">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id={headingId} className="truncate text-sm font-semibold text-slate-900">
            {stage.name}
          </h2>
          <span className="text-xs text-slate-500">{t("count", { count })}</span>
        </div>
        <p className="mt-1 text-xs text-slate-600">
          <span className="font-medium text-slate-900">{total}</span> · {t("weighted", { amount: weighted })} · {stage.probability}%
        </p>
      </header>
      <ol className="flex min-h-24 flex-1 flex-col gap-2 p-2">{children}</ol>
    </section>
  );
}

function Card({ card, money, onMove }: { card: BoardCard; money: (minor: number) => string; onMove: () => void }) {
  const t = useTranslations("board");
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id, disabled: !card.canEdit });
  return (
    <li
      ref={setNodeRef}
      className={cn(
        "rounded-md border border-slate-200 bg-white p-3 text-sm shadow-xs",
        card.canEdit && "cursor-grab touch-manipulation active:cursor-grabbing",
        // The card itself stays put while its copy (the drag overlay) travels.
        isDragging && "opacity-40",
      )}
      {...(card.canEdit ? { ...attributes, ...listeners, "aria-roledescription": t("draggable"), "aria-label": t("cardLabel", { title: card.title }) } : {})}
    >
      <CardBody card={card} money={money} onMove={onMove} />
    </li>
  );
}

/** What a card shows; `onMove` adds its move button (not on the copy that follows the pointer). */
function CardBody({ card, money, onMove }: { card: BoardCard; money: (minor: number) => string; onMove?: () => void }) {
  const t = useTranslations("board");
  const format = useFormatter();
  const keep = { onPointerDown: (event: React.PointerEvent) => event.stopPropagation(), onKeyDown: (event: React.KeyboardEvent) => event.stopPropagation() };
  return (
    <>
      <div className="flex items-start justify-between gap-2">
        <Link href={`/sales/deals/${card.id}` as Route} className="min-w-0 font-medium text-slate-900 hover:text-brand-700 hover:underline" {...keep}>
          <span className="block truncate">{card.title}</span>
        </Link>
        {card.canEdit && onMove && (
          <button type="button" onClick={onMove} {...keep} className="-m-1 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label={t("moveLabel", { title: card.title })}>
            <ArrowRightLeft className="size-4" aria-hidden />
          </button>
        )}
      </div>
      <p className="truncate text-slate-600">{card.customerName}</p>
      <div className="mt-2 flex items-center justify-between gap-2 text-xs text-slate-500">
        <span className="font-medium text-slate-900">{money(card.amount)}</span>
        <span className="truncate">{card.ownerName}</span>
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {card.label}
        {card.expectedCloseOn && ` · ${t("closes", { date: format.dateTime(new Date(`${card.expectedCloseOn}T00:00:00`), { dateStyle: "medium" }) })}`}
      </p>
    </>
  );
}

/** The keyboard and screen-reader way to move a deal, and where a lost stage asks for the reason. */
function MoveDialog({ card, stages, initialStageId, onClose, onMove }: { card: BoardCard; stages: BoardStage[]; initialStageId: string; onClose: () => void; onMove: (stageId: string, reason?: string) => void }) {
  const t = useTranslations("board");
  const [stageId, setStageId] = useState(initialStageId);
  const [missing, setMissing] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const lost = stages.find((stage) => stage.id === stageId)?.outcome === "lost";
  return (
    <dialog
      ref={(node) => {
        dialog.current = node;
        if (node && !node.open) node.showModal();
      }}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {t("moveTitle", { title: card.title })}
      </h2>
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const reason = String(new FormData(event.currentTarget).get("lostReason") ?? "").trim();
          if (lost && !reason) {
            setMissing(true);
            return;
          }
          onMove(stageId, lost ? reason : undefined);
        }}
      >
        <label className="block text-sm font-medium text-slate-700">
          {t("stage")}
          <select
            name="stageId"
            value={stageId}
            onChange={(event) => setStageId(event.target.value)}
            className="mt-1 block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
          >
            {stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
                {stage.id === card.stageId ? ` (${t("current")})` : ""}
              </option>
            ))}
          </select>
        </label>
        {lost && (
          <label className="block text-sm font-medium text-slate-700">
            {t("lostReason")}
            <textarea
              name="lostReason"
              rows={3}
              maxLength={200}
              aria-invalid={missing || undefined}
              aria-describedby={missing ? `${titleId}-reason` : undefined}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            {missing && (
              <span id={`${titleId}-reason`} className="mt-1 block text-sm text-red-700">
                {t("lostReasonRequired")}
              </span>
            )}
          </label>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            {t("cancel")}
          </Button>
          <Button type="submit" disabled={stageId === card.stageId}>
            {t("move")}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
