/** Accounts the journeys sign in with: the demo organisation's (`npm run db:seed`), and one the
 * test server creates for the password-reset journey alone. */
export const demo = {
  password: "member-crm-demo",
  admin: "admin@demo.member-crm.test",
  manager: "manager@demo.member-crm.test",
  rep: "rep1@demo.member-crm.test",
  rep2: "rep2@demo.member-crm.test",
  /** In another team than `rep`. */
  rep3: "rep3@demo.member-crm.test",
  agent: "agent1@demo.member-crm.test",
} as const;

export const resetUser = { email: "reset.tester@e2e.member-crm.test", password: "first password of reset tester" } as const;

/** A support agent of its own for the password-change journey, which ends its other sessions. */
export const changeUser = { email: "password.changer@e2e.member-crm.test", password: "first password of the changer" } as const;

/** A manager of their own for the two-factor journey, which ends their sessions. */
export const twoFactorUser = { email: "two.factor@e2e.member-crm.test", password: "password of the two-factor manager" } as const;
