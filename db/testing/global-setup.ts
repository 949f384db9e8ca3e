import crypto from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropTemplate, prepareTemplate } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const template = await prepareTemplate(crypto.randomBytes(4).toString("hex"));
  project.provide("databaseTemplate", template);
  return () => dropTemplate(template);
}
