import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

let transport: Transporter | null | undefined;

/** The SMTP transport from SMTP_URL, or null when none is configured (mail stays in the outbox). */
export function mailTransport(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

export const mailFrom = () => env.MAIL_FROM;
