import * as pulumi from "@pulumi/pulumi";
import { EsacResource } from "./esac-resource";

// The stack trace limit seen while Pulumi registers the resource: a getter on a property runs when the SDK reads the
// property to wrap it in its promises, inside the constructor.
class Probe extends EsacResource {
  constructor(name: string, seen: number[]) {
    const props = {
      get probed() {
        seen.push(Error.stackTraceLimit);
        return "value";
      },
    };
    super({ create: async (inputs) => ({ id: "probe", outs: inputs }) }, name, props, undefined, "esac-test", "Probe");
  }
}

beforeAll(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, "project", "stack", true));
afterEach(async () => {
  delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  // Let registrations (which serialize the provider) finish inside the test.
  await new Promise((resolve) => setTimeout(resolve, 100));
});

describe("EsacResource", () => {
  it("registers with no promise stack traces, and restores the process's stack trace limit", () => {
    const before = Error.stackTraceLimit;
    const seen: number[] = [];
    new Probe("quiet", seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBe(0);
    expect(Error.stackTraceLimit).toBe(before);
  });

  it("keeps them when PULUMI_DEBUG_PROMISE_LEAKS is set", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    const seen: number[] = [];
    new Probe("debugged", seen);
    expect(seen[0]).toBe(Error.stackTraceLimit);
    expect(seen[0]).toBeGreaterThan(0);
  });
});
