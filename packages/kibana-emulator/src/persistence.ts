/** Optional JSON persistence of all family stores (`dataFile`): load at start, debounced save after writes, flush at stop. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { StoreRegistry } from "./stores";

const FORMAT = "esac-kibana-emulator";
const VERSION = 1;

export interface PersistedFile {
  format: typeof FORMAT;
  version: number;
  savedAt: string;
  families: Record<string, unknown>;
}

export class Persistence {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly stores: StoreRegistry,
    private readonly debounceMs = 25,
  ) {}

  /** Loads the file if it exists. A file that is not ours is an error (never silently overwritten). */
  load(): void {
    if (!existsSync(this.file)) return;
    const text = readFileSync(this.file, "utf8");
    if (!text.trim()) return;
    let data: PersistedFile;
    try {
      data = JSON.parse(text) as PersistedFile;
    } catch (e) {
      throw new Error(`kibana-emulator: data file ${this.file} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    if (data.format !== FORMAT) throw new Error(`kibana-emulator: data file ${this.file} is not an emulator data file`);
    this.stores.load(data.families ?? {});
  }

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    const data: PersistedFile = { format: FORMAT, version: VERSION, savedAt: new Date().toISOString(), families: this.stores.snapshot() };
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.file);
  }
}
