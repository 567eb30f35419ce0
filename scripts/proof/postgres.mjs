// A throwaway PostgreSQL server for the load proof: Debian's `postgresql` package (installed with apt-get
// when its binaries are missing), a cluster made by initdb in a temporary folder, owned by the `postgres`
// system user when we run as root, listening on 127.0.0.1 on a free port with a small max_connections.
// `stop()` is synchronous so that it also runs from a signal handler or an `exit` listener.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const PG_ROOT = "/usr/lib/postgresql";
const APP_USER = "app";
const APP_PASSWORD = "app-proof-password";
export const DATABASE = "agents";

/** The newest installed server's bin folder, or undefined. */
export function findPostgresBin() {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((name) => existsSync(path.join(PG_ROOT, name, "bin", "initdb")) && existsSync(path.join(PG_ROOT, name, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(PG_ROOT, versions[0], "bin") : undefined;
}

function onlineClusters() {
  const result = spawnSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" });
  if (result.status !== 0) return new Set();
  return new Set(
    result.stdout
      .split("\n")
      .map((line) => line.trim().split(/\s+/u))
      .filter((fields) => fields[3] === "online")
      .map((fields) => `${fields[0]} ${fields[1]}`),
  );
}

/** Installs Debian's `postgresql` package; stops a default cluster that its post-install script started. */
function installPostgres(log) {
  if (process.getuid?.() !== 0) {
    throw new Error("PostgreSQL is not installed and this is not root: run `apt-get install -y postgresql` first.");
  }
  log("PostgreSQL binaries not found: apt-get update && apt-get install -y postgresql");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: ["ignore", "ignore", "inherit"], env });
  const before = onlineClusters();
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], { stdio: ["ignore", "ignore", "inherit"], env });
  for (const cluster of onlineClusters()) {
    if (before.has(cluster)) continue;
    log(`stopping the package's default cluster ${cluster} (the proof runs its own)`);
    spawnSync("pg_ctlcluster", [...cluster.split(" "), "stop"], { stdio: "ignore" });
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server and creates the app's role, database and schema. Returns
 * `{ url, port, bin, dir, admin(sql, params), stop() }`; `url` is the app's connection string (TCP,
 * SCRAM password), `admin` runs a statement as the superuser over the folder's Unix socket.
 */
export async function startPostgres({ log = console.log, maxConnections = 24, pg } = {}) {
  let bin = findPostgresBin();
  if (!bin) {
    installPostgres(log);
    bin = findPostgresBin();
    if (!bin) throw new Error(`apt-get installed postgresql but no server binaries were found under ${PG_ROOT}`);
  }
  const asRoot = process.getuid?.() === 0;
  const osUser = asRoot ? "postgres" : os.userInfo().username;
  if (asRoot && spawnSync("id", ["-u", osUser], { stdio: "ignore" }).status !== 0) {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/bin/sh", osUser]);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-proof-pg-"));
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "socket");
  mkdirSync(socketDir);
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", osUser], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", osUser], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  /** Runs a server binary as the cluster's owner. */
  const run = (program, args, options = {}) => {
    const file = path.join(bin, program);
    const [command, argv] = asRoot ? ["runuser", ["-u", osUser, "--", file, ...args]] : [file, args];
    return execFileSync(command, argv, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
  };

  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
      } catch {
        try {
          run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        } catch {
          // Already gone.
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    run("initdb", ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "-N"]);
    const port = await freePort();
    const settings = [
      "-c listen_addresses=127.0.0.1",
      `-p ${port}`,
      `-c max_connections=${maxConnections}`,
      `-c unix_socket_directories=${socketDir}`,
      "-c shared_buffers=32MB",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
    ].join(" ");
    run("pg_ctl", ["-D", data, "-l", path.join(dir, "postgres.log"), "-w", "-t", "60", "-o", settings, "start"]);
    started = true;

    const admin = async (sql, params = [], database = DATABASE) => {
      const client = new pg.Client({ host: socketDir, port, user: "postgres", database });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    };
    await admin(`create role ${APP_USER} login password '${APP_PASSWORD}'`, [], "postgres");
    await admin(`create database ${DATABASE} owner ${APP_USER}`, [], "postgres");
    await admin(`
      set role ${APP_USER};
      create table agent_runs (
        id uuid primary key,
        tool_calls int not null,
        state text not null default 'running',
        started_at timestamptz not null default now(),
        finished_at timestamptz
      );
      create table tool_results (
        id bigserial primary key,
        run_id uuid not null references agent_runs (id),
        tool text not null,
        output jsonb not null,
        created_at timestamptz not null default now()
      );
      create table documents (id serial primary key, title text not null, body text not null);
      insert into documents (title, body)
        select 'runbook ' || n, 'how to handle incident ' || n || ' of the billing, search and agent services'
        from generate_series(1, 2000) as n;
    `);
    const version = (await admin("show server_version", [], "postgres"))[0].server_version;
    const url = `postgres://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
    return { url, port, bin, dir, version, maxConnections, admin, stop, pid: () => serverPid(data) };
  } catch (error) {
    stop();
    throw error;
  }
}

function serverPid(data) {
  try {
    return Number(execFileSync("head", ["-1", path.join(data, "postmaster.pid")], { encoding: "utf8" }).trim());
  } catch {
    return undefined;
  }
}

/** Processes whose command line mentions `text` (for the check that nothing is left running). */
export function processesMatching(text) {
  const result = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return result.stdout
    .split("\n")
    .filter((line) => line.includes(text) && !line.includes("ps -eo"))
    .map((line) => line.trim());
}
