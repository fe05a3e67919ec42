/**
 * The Spaces API, with the expectations of Kibana's own API integration tests
 * (`x-pack/platform/test/spaces_api_integration/common/suites/{create,get,delete}.agnostic.ts`) and the rules of
 * `spaces/server/lib/space_schema.ts`, `routes/api/external/*.ts` and `spaces_client/spaces_client.ts`.
 */
import { useEmulator } from "../__tests__/client";

const S = "/api/spaces/space";
const marketing = { name: "marketing", id: "marketing", description: "a description", color: "#5c5959", disabledFeatures: [] };

const kibana = useEmulator();
const c = kibana.c;

describe("create (create.agnostic.ts)", () => {
  it("answers 200 with exactly what was sent: no initials, imageUrl, _reserved or solution filled in", async () => {
    const r = await c.post(S, marketing);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(marketing);
    expect(Object.keys(r.body).sort()).toEqual(["color", "description", "disabledFeatures", "id", "name"]);
  });

  it("409 with only error, message, statusCode for an existing id", async () => {
    await c.post(S, marketing);
    const r = await c.post(S, { ...marketing, name: "other" });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ statusCode: 409, error: "Conflict", message: "A space with the identifier marketing already exists." });
  });

  it("ignores _reserved", async () => {
    const r = await c.post(S, {
      name: "reserved space",
      id: "reserved",
      description: "a description",
      color: "#5c5959",
      _reserved: true,
      disabledFeatures: [],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ name: "reserved space", id: "reserved", description: "a description", color: "#5c5959", disabledFeatures: [] });
    expect((await c.del(`${S}/reserved`)).status).toBe(204);
  });

  it("solution es: disabledFeatures answered as the features outside the solution", async () => {
    const r = await c.post(S, {
      name: "space with solution",
      id: "solution",
      description: "a description",
      color: "#5c5959",
      solution: "es",
      disabledFeatures: [],
    });
    expect(r.status).toBe(200);
    expect({ ...r.body, disabledFeatures: [...r.body.disabledFeatures].sort() }).toEqual({
      id: "solution",
      name: "space with solution",
      description: "a description",
      color: "#5c5959",
      disabledFeatures: [
        "apm",
        "infrastructure",
        "logs",
        "observabilityCasesV3",
        "securitySolutionAssistant",
        "securitySolutionAttackDiscovery",
        "securitySolutionCasesV3",
        "securitySolutionNotes",
        "securitySolutionSiemMigrations",
        "securitySolutionTimeline",
        "siemV4",
        "slo",
        "streams",
        "uptime",
      ],
      solution: "es",
    });
  });

  it("disabledFeatures defaults to [] and the name is stored trimmed", async () => {
    const r = await c.post(S, { id: "soc", name: "  SOC  " });
    expect(r.body).toEqual({ id: "soc", name: "SOC", disabledFeatures: [] });
  });

  it.each([
    [{ ...marketing, id: "Marketing" }, "[request body.id]: must be lower case, a-z, 0-9, '_', and '-' are allowed"],
    [{ ...marketing, id: "a b" }, "[request body.id]: must be lower case, a-z, 0-9, '_', and '-' are allowed"],
    [{ ...marketing, color: "red" }, "[request body.color]: must be a 6 digit hex color, starting with a #"],
    [{ ...marketing, imageUrl: "https://x/y.png" }, "[request body.imageUrl]: must start with 'data:image'"],
    [{ ...marketing, initials: "ABC" }, "[request body.initials]: value has length [3] but it must have a maximum length of [2]."],
    [{ ...marketing, name: "" }, "[request body.name]: value has length [0] but it must have a minimum length of [1]."],
    [{ ...marketing, owner: "me" }, "[request body.owner]: definition for this key is missing"],
    [{ name: "x" }, "[request body.id]: expected value of type [string] but got [undefined]"],
  ])("400 (case %#): %j", async (body, message) => {
    const r = await c.post(S, body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ statusCode: 400, error: "Bad Request", message });
  });

  it("more than 100 disabledFeatures are refused", async () => {
    const r = await c.post(S, { ...marketing, disabledFeatures: Array.from({ length: 101 }, (_, i) => `f${i}`) });
    expect(r.body.message).toBe("[request body.disabledFeatures]: array size is [101], but cannot be greater than [100]");
  });

  it("an unknown solution is refused with config-schema's oneOf text", async () => {
    const r = await c.post(S, { ...marketing, solution: "search" });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(
      /^\[request body\.solution\]: types that failed validation:\n- \[request body\.solution\.0\]: expected value to equal \[es\]/,
    );
  });

  it("imageUrl may be empty or a data URL; projectRouting needs CPS", async () => {
    expect((await c.post(S, { id: "a", name: "A", imageUrl: "" })).status).toBe(200);
    expect((await c.post(S, { id: "b", name: "B", imageUrl: "data:image/png;base64,AAAA" })).status).toBe(200);
    const r = await c.post(S, { id: "c", name: "C", projectRouting: "_alias:*" });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe("Unable to create Space, projectRouting property is only allowed when CPS is enabled");
  });
});

describe("get (get.agnostic.ts)", () => {
  it("the default space exists from the start, reserved", async () => {
    const r = await c.get(`${S}/default`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: "default",
      name: "Default",
      color: "#00bfb3",
      description: "This is your default space!",
      _reserved: true,
      disabledFeatures: [],
    });
  });

  it("a space created without color comes back without color or initials", async () => {
    await c.post(S, { id: "space_1", name: "Space 1", description: "This is the first test space", disabledFeatures: [] });
    expect((await c.get(`${S}/space_1`)).body).toEqual({ id: "space_1", name: "Space 1", description: "This is the first test space", disabledFeatures: [] });
  });

  it("404 Not Found for an unknown id", async () => {
    const r = await c.get(`${S}/not-a-space`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ statusCode: 404, error: "Not Found", message: "Not Found" });
  });

  it("lists every space sorted by name, the same from any /s/{space} prefix", async () => {
    await c.post(S, { id: "zeta", name: "Alpha" });
    await c.post(S, { id: "alpha", name: "Zeta" });
    const r = await c.get(S);
    expect(r.body.map((s: { id: string }) => s.id)).toEqual(["zeta", "default", "alpha"]);
    expect((await c.get(`/s/zeta${S}`)).body).toEqual(r.body);
  });

  it("list query: unknown keys and purpose with include_authorized_purposes=true are refused", async () => {
    expect((await c.get(`${S}?purpose=any`)).status).toBe(200);
    expect((await c.get(`${S}?foo=1`)).body.message).toBe("[request query.foo]: definition for this key is missing");
    expect((await c.get(`${S}?purpose=any&include_authorized_purposes=true`)).body.message).toBe(
      "[request query]: include_authorized_purposes can only be false when purpose is specified",
    );
  });
});

describe("update (put.ts, spaces_client.ts update)", () => {
  it("replaces the answered fields; the path id wins over the body's", async () => {
    await c.post(S, { ...marketing, initials: "MK" });
    const r = await c.put(`${S}/marketing`, { id: "other", name: "Marketing", disabledFeatures: ["dev_tools"] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: "marketing", name: "Marketing", disabledFeatures: ["dev_tools"] });
    expect((await c.get(`${S}/other`)).status).toBe(404);
  });

  it("an omitted attribute is not written: a later GET still shows it (saved-object update is partial)", async () => {
    await c.post(S, marketing);
    await c.put(`${S}/marketing`, { id: "marketing", name: "marketing" });
    expect((await c.get(`${S}/marketing`)).body).toEqual(marketing);
    await c.put(`${S}/marketing`, { id: "marketing", name: "marketing", description: "" });
    expect((await c.get(`${S}/marketing`)).body.description).toBe("");
  });

  it("404 for an unknown space; validation like create", async () => {
    const r = await c.put(`${S}/nope`, { id: "nope", name: "x" });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ statusCode: 404, error: "Not Found", message: "Not Found" });
    expect((await c.put(`${S}/default`, { id: "default", name: "Default", color: "#zz" })).body.message).toBe(
      "[request body.color]: must be a 6 digit hex color, starting with a #",
    );
  });

  it("the default space can be updated and stays reserved", async () => {
    const r = await c.put(`${S}/default`, { id: "default", name: "Home", disabledFeatures: [] });
    expect(r.body).toEqual({ id: "default", name: "Home", disabledFeatures: [], _reserved: true });
  });

  it("a non-classic solution keeps the stored disabledFeatures; back to classic with the defaults restores them", async () => {
    await c.post(S, { id: "s", name: "S", disabledFeatures: ["dev_tools"] });
    const sec = await c.put(`${S}/s`, { id: "s", name: "S", solution: "security", disabledFeatures: [] });
    expect(sec.body.disabledFeatures).toEqual(["apm", "infrastructure", "logs", "observabilityCasesV3", "slo", "streams", "uptime"]);
    const classic = await c.put(`${S}/s`, { id: "s", name: "S", solution: "classic", disabledFeatures: sec.body.disabledFeatures });
    expect(classic.body).toEqual({ id: "s", name: "S", solution: "classic", disabledFeatures: ["dev_tools"] });
  });
});

describe("delete (delete.agnostic.ts)", () => {
  it("204 with an empty body, then 404", async () => {
    await c.post(S, marketing);
    const r = await c.del(`${S}/marketing`);
    expect(r.status).toBe(204);
    expect(r.text).toBe("");
    expect((await c.del(`${S}/marketing`)).body).toEqual({ statusCode: 404, error: "Not Found", message: "Not Found" });
  });

  it("the default space is reserved", async () => {
    const r = await c.del(`${S}/default`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ statusCode: 400, error: "Bad Request", message: "The default space cannot be deleted because it is reserved." });
  });

  it("deletes the space's saved objects (rules, connectors, single exception lists), not other spaces' or agnostic ones", async () => {
    await c.post(S, { id: "soc", name: "SOC" });
    const rule = { name: "r", description: "d", risk_score: 1, severity: "low", type: "query", query: "*", rule_id: "r1" };
    const list = { list_id: "l1", name: "l", description: "d", type: "detection" };
    for (const prefix of ["/s/soc", ""]) {
      expect((await c.post(`${prefix}/api/detection_engine/rules`, rule)).status).toBe(200);
      expect((await c.post(`${prefix}/api/actions/connector`, { name: "log", connector_type_id: ".server-log", config: {}, secrets: {} })).status).toBe(200);
      expect((await c.post(`${prefix}/api/exception_lists`, list)).status).toBe(200);
    }
    expect((await c.post(`/s/soc/api/exception_lists`, { ...list, list_id: "shared", namespace_type: "agnostic" })).status).toBe(200);
    expect((await c.del(`${S}/soc`)).status).toBe(204);

    expect((await c.get("/s/soc/api/detection_engine/rules?rule_id=r1")).status).toBe(404);
    expect((await c.get("/s/soc/api/actions/connectors")).body).toEqual([]);
    expect((await c.get("/s/soc/api/exception_lists?list_id=l1")).status).toBe(404);
    expect((await c.get("/api/exception_lists?list_id=shared&namespace_type=agnostic")).status).toBe(200);
    expect((await c.get("/api/detection_engine/rules?rule_id=r1")).status).toBe(200);
    expect((await c.get("/api/exception_lists?list_id=l1")).status).toBe(200);
    expect((await c.get("/api/actions/connectors")).body).toHaveLength(1);
  });
});

describe("requests to an unknown space", () => {
  // on_post_auth_interceptor.ts checks that the space exists only for `/app/*` and `/`: `/api/*` calls go through.
  it("/s/{unknown}/api/... is served, as in Kibana", async () => {
    expect((await c.get(`${S}/nope`)).status).toBe(404);
    expect((await c.get("/s/nope/api/detection_engine/rules/_find")).status).toBe(200);
  });
});
