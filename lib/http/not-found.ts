import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** What a lookup finds, or the not-found page (a real 404) when the domain function says NOT_FOUND. */
export async function foundOrNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
