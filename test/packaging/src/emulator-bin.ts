import { spawn, type ChildProcess } from "node:child_process";

export interface EmulatorProcess {
  url: string;
  apiKey: string;
  /** Everything the bin printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts an installed `kibana-emulator` bin and waits for the endpoint it prints (`export KIBANA_ENDPOINT=…`, the
 * line meant for a shell). The API key is chosen here, so nothing else of the output is relied on.
 */
export async function startEmulatorBin(bin: string, cwd: string, apiKey: string, extraArgs: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(bin, ["--port", "0", "--api-key", apiKey, ...extraArgs], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("no KIBANA_ENDPOINT line within 60 s")), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${bin}: ${error.message}\n${output}`));
    };
    const onExit = (code: number | null) => fail(new Error(`exited with ${code} before printing its endpoint`));
    const onData = () => {
      const match = /^export KIBANA_ENDPOINT=(\S+)$/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout.off("data", onData);
      resolve(match[1]);
    };
    child.on("exit", onExit);
    child.stdout.on("data", onData);
  });
  return { url, apiKey, output: () => output, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
