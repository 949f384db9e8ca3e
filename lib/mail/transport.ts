import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

let transport: Transporter | null | undefined;

/**
 * How long each step of a send may wait, in ms. nodemailer's own limits are 2 minutes to connect
 * and 10 minutes on a silent socket: a server that takes the connection and then hangs would hold
 * the job about as long as the runner's lock lasts. Bounded, the send fails soon, the mail goes
 * back to the queue and the job retries with backoff.
 */
export const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** SMTP_URL with the timeouts it does not set itself (`?socketTimeout=60000` in it wins). */
export function smtpUrlWithTimeouts(url: string): string {
  const parsed = new URL(url);
  for (const [name, ms] of Object.entries(smtpTimeouts)) if (!parsed.searchParams.has(name)) parsed.searchParams.set(name, String(ms));
  return parsed.toString();
}

/** The SMTP transport from SMTP_URL, or null when none is configured (mail stays in the outbox). */
export function mailTransport(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(smtpUrlWithTimeouts(env.SMTP_URL)) : null;
  return transport;
}

export const mailFrom = () => env.MAIL_FROM;
