import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { clientIp } from "@/lib/http/client-ip";
import type { Role } from "./permissions";
import { resolveAuthSecret } from "./secret";
import { verifySignIn } from "./sign-in";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; role: Role; sessionVersion: number } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    sv: number;
  }
}

/** `code` reaches the sign-in form, which says it in the user's language. */
class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class AccountLocked extends CredentialsSignin {
  code = "locked";
}

const credentialsSchema = z.object({
  email: z.string().trim().max(254),
  password: z.string().max(256),
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: resolveAuthSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw, request) {
        const credentials = credentialsSchema.safeParse(raw);
        if (!credentials.success) throw new InvalidCredentials();
        const result = await verifySignIn({ ...credentials.data, ip: clientIp(request.headers) });
        if (!result.ok) throw result.reason === "locked" ? new AccountLocked() : new InvalidCredentials();
        return result.user;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id!;
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid;
      session.user.role = token.role;
      session.user.sessionVersion = token.sv;
      return session;
    },
  },
  logger: {
    // A wrong password is an expected outcome, not an error with a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(error);
    },
  },
});
