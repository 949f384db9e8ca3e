import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { makeActor, makeMember, makeProduct, makeUser, seedActor } from "@/lib/factories";
import { checkHostileInput, type HostileCase } from "@/lib/hostile.testing";
import { createDeal, getBoard, listDeals, moveDeal, updateDeal } from "./deals";
import { getForecast, setTarget } from "./forecast";
import { createOrder, getOrder, listOrders, payOrder, refundOrder } from "./orders";
import { createPipeline, getPipeline } from "./pipelines";
import { createProduct, listProducts, updateProduct } from "./products";
import { createTask, updateTask } from "./tasks";
import { createTeam } from "./teams";

/**
 * Hostile input (fast-check, fixed seed) to the sales commands users reach through forms and the
 * API: each refuses with a coded AppError and changes nothing, or succeeds and keeps accepted text
 * exactly as sent (trimmed).
 */

let admin: Actor;
let ownerId: string;
let customerId: string;
let productId: string;
let dealId: string;
let taskId: string;
let paidOrderId: string;
let stageIds: { open: string; lost: string };
let tried = 0;
const unique = () => crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  admin = await makeActor("admin");
  ownerId = (await makeUser("sales_rep")).id;
  customerId = (await makeMember(seedActor)).customer.id;
  productId = (await makeProduct({ price: "123456.78" })).id;
  const pipeline = await getPipeline(admin);
  stageIds = { open: pipeline.stages.find((stage) => stage.outcome === "open")!.id, lost: pipeline.stages.find((stage) => stage.outcome === "lost")!.id };
  dealId = (await createDeal(admin, { customerId, title: "Hostile pool deal", amount: "100", ownerId })).id;
  taskId = (await createTask(admin, { title: "Hostile pool task", dueOn: "2026-12-31" })).id;
  const order = await createOrder(admin, { customerId, channel: "store", lines: [{ productId, quantity: "50" }] });
  paidOrderId = (await payOrder(admin, order.id)).order.id;
});

afterAll(() => {
  console.log(`Hostile sales input: ${tried} calls.`);
});

const asRecord = (result: unknown) => result as Record<string, unknown>;
const productFields = () => ({ sku: `H-${unique()}`, name: "Longjing tea 250 g", category: "Tea", price: "89.90", active: "on" });
const dealFields = () => ({ title: "Year-end gift boxes", amount: "12000", expectedCloseOn: "2026-12-20", probability: "40", ownerId, source: "referral", nextStep: "Send the quote" });
const taskFields = () => ({ title: "Call back", notes: "About the gift boxes", dueOn: "2026-12-31", assigneeId: "", customerId, opportunityId: "" });

const cases = (): HostileCase[] => [
  { name: "createProduct", input: productFields, call: (input) => createProduct(admin, input), text: ["name", "category"], readBack: asRecord },
  { name: "updateProduct", input: productFields, call: (input) => updateProduct(admin, productId, input), text: ["name", "category"], readBack: asRecord, runs: 30 },
  { name: "createDeal", input: () => ({ ...dealFields(), customerId, pipelineId: "", stageId: "" }), call: (input) => createDeal(admin, input), text: ["title", "nextStep"], readBack: asRecord },
  { name: "updateDeal", input: dealFields, call: (input) => updateDeal(admin, dealId, input), text: ["title", "nextStep"], readBack: asRecord, runs: 30 },
  { name: "moveDeal", input: () => ({ stageId: stageIds.open, lostReason: "" }), call: (input) => moveDeal(admin, dealId, input), runs: 30 },
  {
    name: "createOrder",
    input: () => ({ customerId, channel: "online", lines: JSON.stringify([{ productId, quantity: 2, discount: "10" }]), couponCode: "", pointsUsed: "0", note: "Gift wrap", dealId: "" }),
    call: (input) => createOrder(admin, input),
    text: ["note"],
    readBack: async (result) => (await getOrder(admin, (result as { id: string }).id)) as unknown as Record<string, unknown>,
  },
  {
    name: "refundOrder",
    input: () => ({ amount: "1", reason: "Dented tin", idempotencyKey: `hostile-${unique()}` }),
    call: (input) => refundOrder(admin, paidOrderId, input),
    text: ["reason"],
    readBack: (result) => (result as { refund: Record<string, unknown> }).refund,
  },
  { name: "createTask", input: taskFields, call: (input) => createTask(admin, input), text: ["title", "notes"], readBack: asRecord },
  { name: "updateTask", input: taskFields, call: (input) => updateTask(admin, taskId, input), text: ["title", "notes"], readBack: asRecord, runs: 30 },
  { name: "setTarget", input: () => ({ userId: ownerId, month: "2026-12", amount: "50000" }), call: (input) => setTarget(admin, input), runs: 30 },
  {
    name: "createPipeline",
    input: () => ({
      name: `Pipeline ${unique()}`,
      isDefault: "",
      stages: [
        { name: "Lead", probability: "10", outcome: "open" },
        { name: "Won", probability: "100", outcome: "won" },
        { name: "Lost", probability: "0", outcome: "lost" },
      ],
    }),
    call: (input) => createPipeline(admin, input),
    text: ["name"],
    readBack: asRecord,
    runs: 30,
  },
  { name: "createTeam", input: () => ({ name: `Team ${unique()}`, managerId: ownerId, memberIds: [ownerId] }), call: (input) => createTeam(admin, input), text: ["name"], readBack: asRecord, runs: 30 },
  { name: "listProducts", input: () => ({ q: "tea", category: "Tea", status: "all", sort: "price", dir: "desc", page: "1", pageSize: "50" }), call: (input) => listProducts(admin, input), searchParams: true, runs: 30 },
  {
    name: "listDeals",
    input: () => ({ q: "gift", owner: "me", status: "all", close: "2026-12", createdFrom: "2026-01", createdTo: "2026-12", closedFrom: "2026-01", closedTo: "2026-12", page: "1" }),
    call: (input) => listDeals(admin, input),
    searchParams: true,
    runs: 30,
  },
  { name: "getBoard", input: () => ({ owner: "me", pipeline: "" }), call: (input) => getBoard(admin, input), searchParams: true, runs: 30 },
  { name: "listOrders", input: () => ({ q: "SO-2026", status: "paid", channel: "store", from: "2026-01-01", to: "2026-12-31", dates: "paid", sort: "total", dir: "asc", page: "1", pageSize: "25" }), call: (input) => listOrders(admin, input), searchParams: true, runs: 30 },
  { name: "getForecast", input: () => ({ from: "2026-01", to: "2026-12", team: "", owner: "" }), call: (input) => getForecast(admin, input), searchParams: true, runs: 30 },
];

describe("sales commands under hostile input", () => {
  it.each(cases().map((hostileCase) => [hostileCase.name, hostileCase] as const))("%s refuses with a coded error and changes nothing, or keeps the text as sent", async (_name, hostileCase) => {
    tried += await checkHostileInput(hostileCase);
  }, 240_000);

  it("tried them all", () => {
    expect(tried).toBeGreaterThan(1000);
  });
});
