import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { z } from "zod";
import { env } from "@/lib/env";
import { loggableError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { endSessions } from "@/lib/users/commands";
import { readSetting } from "@/lib/settings/queries";
import { sessionLapsed } from "./actor";
import { challengeCookie, sessionCookie } from "./cookies";
import { systemActor, type Role } from "./permissions";
import { resolveAuthSecret } from "./secret";
import { verifySecondFactor, verifySignIn } from "./sign-in";
import { challengeMinutes, signChallenge } from "./totp";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; role: Role; sessionVersion: number; signedInAt: number; seenAt: number } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    sv: number;
    /** When the user signed in (ms): the absolute limit counts from here, however active they are. */
    at: number;
    /** The session's last request (ms): the idle limit counts from here. */
    seen: number;
  }
}

/** `code` reaches the sign-in form, which says it in the user's language. */
class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class AccountLocked extends CredentialsSignin {
  code = "locked";
}
/** The password was right; the sign-in goes on at `/login/code`, with the challenge in its cookie. */
class CodeNeeded extends CredentialsSignin {
  code = "code";
}
/** The challenge ran out, or the account changed since: start again with the password. */
class ChallengeExpired extends CredentialsSignin {
  code = "expired";
}

const credentialsSchema = z.object({
  email: z.string().trim().max(254),
  password: z.string().max(256),
});

/** The second step: the challenge from the first and a code (checked in `verifySecondFactor`). */
const codeSchema = z.object({
  challenge: z.string().max(1000),
  code: z.string().max(20),
});

const challenge = challengeCookie(env.APP_URL);

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: resolveAuthSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  cookies: { sessionToken: sessionCookie(env.APP_URL) },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      // No session without the second factor: when the account has one (or must set one up), the
      // right password yields only a challenge, and the code for it the user.
      async authorize(raw, request) {
        const ip = clientIp(request.headers);
        const second = codeSchema.safeParse(raw);
        if (second.success) {
          const result = await verifySecondFactor({ ...second.data, ip });
          if (!result.ok) throw result.reason === "locked" ? new AccountLocked() : result.reason === "expired" ? new ChallengeExpired() : new InvalidCredentials();
          (await cookies()).delete({ name: challenge.name, ...challenge.options });
          return result.user;
        }
        const credentials = credentialsSchema.safeParse(raw);
        if (!credentials.success) throw new InvalidCredentials();
        const result = await verifySignIn({ ...credentials.data, ip });
        if (!result.ok) throw result.reason === "locked" ? new AccountLocked() : new InvalidCredentials();
        if (result.secondFactor) {
          const token = signChallenge({ userId: result.user.id, sessionVersion: result.user.sessionVersion, step: result.secondFactor });
          (await cookies()).set(challenge.name, token, { ...challenge.options, maxAge: challengeMinutes * 60 });
          throw new CodeNeeded();
        }
        return result.user;
      },
    }),
  ],
  callbacks: {
    // Runs on each request that reads the session. Whatever a client sends to update its session
    // is ignored: the token changes only here.
    async jwt({ token, user }) {
      const now = Date.now();
      if (user) {
        token.uid = user.id!;
        token.role = user.role;
        token.sv = user.sessionVersion;
        token.at = now;
      } else if (sessionLapsed({ signedInAt: token.at, seenAt: token.seen ?? token.at }, await readSetting("sessions"), now)) {
        // Past a limit: the cookie is cleared rather than renewed.
        return null;
      }
      token.seen = now;
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid;
      session.user.role = token.role;
      session.user.sessionVersion = token.sv;
      session.user.signedInAt = token.at;
      session.user.seenAt = token.seen ?? token.at;
      return session;
    },
  },
  events: {
    // Every way of signing out (the action or /api/auth/signout) ends all the user's sessions,
    // so that a copied token stops working too.
    async signOut(message) {
      const uid = "token" in message ? message.token?.uid : undefined;
      if (uid) await endSessions(systemActor("sign-out"), uid);
    },
  },
  logger: {
    // A wrong password is an expected outcome, not an error with a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      // A forged, truncated or outdated session cookie means "signed out": one line, not a stack.
      // By its type: a production build renames the error classes.
      if ((error as { type?: string }).type === "JWTSessionError") {
        console.warn("[auth] An unreadable session cookie was ignored.");
        return;
      }
      console.error(loggableError(error));
    },
  },
});
