/**
 * Test-only hooks, passed as `startEmulator({ ...opts, [EMULATOR_TEST_HOOKS]: hooks })`. Not part of the stable API;
 * used to prove that contract mode catches a bad *response* (which the emulator never produces on its own).
 */
import type { HandlerResult, RouteDefinition } from "./router";

export const EMULATOR_TEST_HOOKS: unique symbol = Symbol.for("esac.kibana-emulator.testHooks");

export interface EmulatorTestHooks {
  /** Called with every handler result before contract validation and sending; may return a replacement. */
  transformResponse?(req: { method: string; path: string; route: RouteDefinition }, result: HandlerResult): HandlerResult;
}
