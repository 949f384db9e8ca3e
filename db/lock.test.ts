import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseInUseError, lockDataDir } from "./lock";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-lock-"));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("lockDataDir", () => {
  it("refuses a folder that another live process holds, naming it", async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      fs.writeFileSync(path.join(dir, "crm.lock"), `${other.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
      expect(() => lockDataDir(dir)).toThrow(`in use by process ${other.pid}; stop it, or set DATABASE_URL`);
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a process that has died", async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => other.on("exit", resolve));
    fs.writeFileSync(path.join(dir, "crm.lock"), `${other.pid}\n`);
    const lock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, "crm.lock"), "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, "crm.lock"))).toBe(false);
  });

  it("creates the folder and frees it on release", () => {
    const dir = path.join(tempDir(), "nested", "data");
    lockDataDir(dir).release();
    lockDataDir(dir).release();
    expect(fs.existsSync(path.join(dir, "crm.lock"))).toBe(false);
  });
});
