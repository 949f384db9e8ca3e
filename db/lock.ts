import fs from "node:fs";
import path from "node:path";

/**
 * PGlite keeps no lock of its own: two processes that open one data folder silently lose writes.
 * Every process that opens the embedded database (app, seed, migrations, CLI) takes this lock first.
 */
export class DatabaseInUseError extends Error {
  constructor(readonly pid: number, readonly dir: string) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}; stop it, or set DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = "DatabaseInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export type DataDirLock = { release(): void };

/** Takes the lock on `dir`, taking over a stale one left by a dead process. */
export function lockDataDir(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "crm.lock");

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return { release: () => releaseIfOwned(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(file);
    if (owner === process.pid) return { release: () => releaseIfOwned(file) };
    if (owner !== null && isAlive(owner)) throw new DatabaseInUseError(owner, dir);
    // Stale: move it aside atomically, so that only one contender gets it. If what was moved is
    // no longer the stale lock, another process took over in between: put its lock back.
    const aside = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue; // Another process moved it first; the next attempt sees what is there now.
    }
    if (readOwner(aside) === owner) {
      fs.rmSync(aside, { force: true });
    } else {
      fs.renameSync(aside, file);
      throw new DatabaseInUseError(readOwner(file) ?? -1, dir);
    }
  }
  const owner = readOwner(file);
  throw new DatabaseInUseError(owner ?? -1, dir);
}

function releaseIfOwned(file: string) {
  if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
}
