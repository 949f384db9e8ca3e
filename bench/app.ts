/**
 * The app as the scenarios meet it: the production build (`next start`) against the bench
 * database, with its in-process job worker, and staff sessions got by signing in over HTTP like a
 * browser does.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type postgres from "postgres";
import { hashPassword } from "@/lib/auth/password";

export type AppServer = {
  url: string;
  /** The highest resident memory any process of the server reached so far, in bytes. */
  peakRss(): number;
  stop(): Promise<void>;
  /** Ends the server at once with SIGKILL, as a crash would: no shutdown, requests in flight unanswered. */
  kill(): Promise<void>;
};

/** The pids of `root` and every process under it. */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** A process's peak resident memory (VmHWM) in bytes, or 0 once it has ended. */
function peakRssOf(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts `next start` on `port` against `databaseUrl` and waits until it answers. The build must
 * exist (`npm run build`). Instances meant to work together are given the same `authSecret`.
 */
export async function startApp(
  databaseUrl: string,
  port: number,
  options: { authSecret?: string; env?: Record<string, string> } = {},
): Promise<AppServer> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The scenarios run against the production build: run npm run build first.");
  }
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: options.authSecret ?? crypto.randomBytes(32).toString("base64url"),
      APP_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let peak = 0;
  const sample = () => {
    for (const pid of processTree(child.pid!)) peak = Math.max(peak, peakRssOf(pid));
  };
  const sampler = setInterval(sample, 1000);

  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    clearInterval(sampler);
    if (ended()) return;
    process.kill(-child.pid!, "SIGTERM");
    await Promise.race([exited, sleep(10_000).then(() => process.kill(-child.pid!, "SIGKILL"))]);
  };
  const kill = async () => {
    clearInterval(sampler);
    if (ended()) return;
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start ended with ${child.exitCode}:\n${stderr}`);
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${stderr}`);
    }
    await sleep(250);
  }
  return {
    url,
    peakRss: () => {
      sample();
      return peak;
    },
    stop,
    kill,
  };
}

/** A new sign-in password for this run, given to the bench users `userIds` (theirs cannot sign in otherwise). */
export async function benchPassword(sql: postgres.Sql, userIds: string[]): Promise<string> {
  const password = crypto.randomBytes(18).toString("base64url");
  await sql`update users set password_hash = ${await hashPassword(password)} where id in ${sql(userIds)}`;
  return password;
}

/** Items in turn, from the first again after the last: what each request of a load asks for. */
export function cycle<T>(items: T[]): () => T {
  let index = 0;
  return () => items[index++ % items.length]!;
}

/** Signs in through the credentials form's endpoint and returns the session's Cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/` }),
  });
  const session = cookies(response).find((cookie) => cookie.startsWith("authjs.session-token="));
  if (!session) throw new Error(`Signing in as ${email} failed (${response.status} ${response.headers.get("location") ?? ""}).`);
  return session;
}
