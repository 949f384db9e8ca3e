import { z } from "zod";
import { roles } from "@/lib/auth/permissions";
import { requiredText } from "@/lib/validation";

/** The most common passwords of ten characters or more; short ones fail the length rule anyway. */
const commonPasswords = new Set([
  "1234567890", "12345678910", "123456789a", "0123456789", "1q2w3e4r5t", "qwertyuiop", "1qaz2wsx3edc",
  "password12", "password123", "password1234", "passw0rd123", "iloveyou123", "abcdefghij", "abc1234567",
  "qwerty1234", "qwerty12345", "qwerty123456", "1234qwerty", "a1234567890", "aaaaaaaaaa", "1111111111",
  "0000000000", "9876543210", "welcome123", "admin12345", "administrator", "letmein123", "football123",
  "baseball123", "princess123", "sunshine123", "changeme123", "woaini1314", "5201314520", "1314520520",
  "qazwsxedcrfv", "zxcvbnm123", "asdfghjkl1", "trustno1234", "monkey12345", "dragon12345",
]);

/** At least ten characters, long ones welcome, no composition rules, common ones refused. */
export const passwordSchema = z
  .string({ error: "validation.required" })
  .min(10, { error: "validation.passwordTooShort" })
  .max(256, { error: "validation.tooLong" })
  .refine((password) => !commonPasswords.has(password.toLowerCase()), { error: "validation.passwordCommon" });

export const emailSchema = z
  .string({ error: "validation.required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "validation.email" }).max(254, { error: "validation.tooLong" }));

export const userCreateSchema = z.strictObject({
  email: emailSchema,
  name: requiredText(120),
  role: z.enum(roles, { error: "validation.role" }),
  password: passwordSchema,
});
export type UserCreateInput = z.input<typeof userCreateSchema>;
