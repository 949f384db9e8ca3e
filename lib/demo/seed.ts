import { fakerEN, fakerZH_CN, type Faker } from "@faker-js/faker";
import { asc, count } from "drizzle-orm";
import { getDb } from "@/db/client";
import { activityKinds, customers, customerSources } from "@/db/schema";
import { logActivity, recordConsent } from "@/lib/customers/commands";
import { normalisePhone } from "@/lib/customers/rules";
import type { Role } from "@/lib/auth/permissions";
import { findUserByEmail } from "@/lib/users/queries";
import { actorOf, makeCustomer, makeUser } from "@/lib/factories";
import type { PublicUser } from "@/lib/users/commands";
import { refreshDealReport } from "@/lib/reports/deals-rollup";
import { refreshMembershipReport } from "@/lib/reports/points-rollup";
import { refreshServiceReport } from "@/lib/reports/service-rollup";
import { refreshReports } from "@/lib/reports/refresh";
import { seedMembership } from "./membership";
import { seedDeals, seedSalesSetup, seedWalkInOrders } from "./sales";
import { seedService } from "./service";

/** The demo organisation's staff; every demo sign-in shares one password. */
export const demoPassword = "member-crm-demo";
export const demoStaff: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.member-crm.test", name: "Ada Admin", role: "admin" },
  { email: "manager@demo.member-crm.test", name: "王经理 Wang Li", role: "manager" },
  { email: "rep1@demo.member-crm.test", name: "陈静 Chen Jing", role: "sales_rep" },
  { email: "rep2@demo.member-crm.test", name: "Marco Rossi", role: "sales_rep" },
  { email: "rep3@demo.member-crm.test", name: "刘洋 Liu Yang", role: "sales_rep" },
  { email: "agent1@demo.member-crm.test", name: "张敏 Zhang Min", role: "support_agent" },
  { email: "agent2@demo.member-crm.test", name: "Sofia Müller", role: "support_agent" },
];

const cnCities = ["上海", "北京", "深圳", "广州", "杭州", "成都", "南京", "武汉", "苏州", "西安"];
const latinCities = ["Singapore", "Hong Kong", "London", "Berlin", "Madrid", "New York", "Sydney", "Toronto"];
const tags = ["vip", "wholesale", "newsletter", "birthday-club", "high-value", "at-risk", "corporate", "student"];
const customerCount = 240;

function demoCustomer(faker: Faker, index: number, chinese: boolean) {
  const name = chinese ? `${faker.person.lastName()}${faker.person.firstName()}` : faker.person.fullName();
  const handle = chinese ? `user${index}` : faker.internet.username().toLowerCase().replace(/[^a-z0-9._-]/g, "");
  const phone = chinese
    ? `1${faker.helpers.arrayElement(["38", "39", "58", "86", "77"])}${faker.string.numeric(8)}`
    : `+65 ${faker.helpers.arrayElement(["8", "9"])}${faker.string.numeric(7)}`;
  return {
    name,
    email: faker.datatype.boolean(0.85) ? `${handle}.${index}@${faker.helpers.arrayElement(["example.com", "example.cn", "mail.example.org"])}` : undefined,
    // Random digits are not always an assigned number range; such a customer simply has no phone.
    phone: faker.datatype.boolean(0.9) && normalisePhone(phone, "CN") ? phone : undefined,
    city: faker.helpers.arrayElement(chinese ? cnCities : latinCities),
    country: chinese ? "CN" : undefined,
    source: faker.helpers.arrayElement(customerSources),
    lifecycleStage: faker.helpers.weightedArrayElement([
      { weight: 2, value: "lead" },
      { weight: 2, value: "prospect" },
      { weight: 5, value: "customer" },
      { weight: 1, value: "churned" },
    ]),
    kind: faker.datatype.boolean(0.1) ? ("company" as const) : ("person" as const),
    birthday: faker.datatype.boolean(0.6) ? faker.date.birthdate({ min: 18, max: 75, mode: "age" }).toISOString().slice(0, 10) : undefined,
    tags: faker.helpers.arrayElements(tags, { min: 0, max: 3 }),
  };
}

const activitySubjects = ["Asked about the new season", "Follow-up on last order", "Birthday greeting", "Visited the store", "Complaint about delivery time", "Renewal reminder"];

/**
 * Fills a deterministic demo organisation through the domain functions. Re-running adds nothing:
 * staff are matched by e-mail, and customers are only created while there are fewer than the
 * demo's count.
 */
export async function seedDemo(log: (line: string) => void = console.log) {
  const staff: PublicUser[] = [];
  for (const person of demoStaff) {
    const existing = await findUserByEmail(person.email);
    staff.push(existing ?? (await makeUser(person.role, { ...person, password: demoPassword })));
  }
  const reps = staff.filter((user) => user.role === "sales_rep");

  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(customers);
  const existing = row?.n ?? 0;
  fakerZH_CN.seed(20261125);
  fakerEN.seed(20261125);
  for (let i = 0; i < customerCount; i++) {
    const chinese = i % 3 !== 2;
    const faker = chinese ? fakerZH_CN : fakerEN;
    const values = demoCustomer(faker, i + 1, chinese);
    // Drawn even when skipped, so that the same index always gets the same customer.
    const activity = { kind: faker.helpers.arrayElement(activityKinds), subject: faker.helpers.arrayElement(activitySubjects), occurredAt: faker.date.recent({ days: 60, refDate: "2026-11-20T00:00:00Z" }).toISOString() };
    const consent = faker.datatype.boolean(0.4);
    if (i < existing) continue;
    const owner = actorOf(reps[i % reps.length]!, null);
    const customer = await makeCustomer(owner, values);
    // A little history on every third customer, so the timeline has something to show.
    if (i % 3 === 0) await logActivity(owner, customer.id, activity);
    if (consent) await recordConsent(owner, customer.id, { channel: "email", granted: true, method: "web_form" });
  }
  const goods = await seedSalesSetup(staff);
  const sellerOf = (ownerId: string | null) => actorOf(staff.find((user) => user.id === ownerId) ?? reps[0]!, null);
  const members = await seedMembership(sellerOf, goods);
  if (existing === 0) {
    const people = await db.select({ id: customers.id, ownerId: customers.ownerId }).from(customers).orderBy(asc(customers.number));
    // Every other customer is a member (with orders); a third of the rest buy without joining.
    await seedWalkInOrders(sellerOf, goods, people.filter((_, index) => index % 6 === 1), new Date("2026-11-20T10:00:00Z"));
  }
  const deals = await seedDeals(staff);
  const ticketCount = await seedService(staff);
  // The dashboards show the history at once rather than after the first minute's refresh.
  await refreshReports(db);
  await refreshMembershipReport(db);
  await refreshServiceReport(db);
  await refreshDealReport(db);
  log(`Demo data: ${staff.length} staff, ${Math.max(existing, customerCount)} customers, ${members} members, ${goods.length} products, ${deals} deals, ${ticketCount} tickets.`);
}
