import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** For tests: awaits a call that must fail with an `AppError` of `code` (and `message`, if given), and returns the error. */
export async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message?: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toBe(message);
  return error as AppError;
}
