import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWithOfficialBundles } from "./__tests__/official-bundles";
import { BUNDLES, parseBundle, RELAXATIONS, type OpenApiDoc, type Relaxation } from "./bundles";
import { buildSnapshot, REGENERATE_HINT, serializeSnapshot } from "./snapshot";
import { stableJson, stripToStructure } from "./snapshot-structure";
import { readSnapshot, SNAPSHOT_FILE } from "./source";

/** The documents a relaxation is meant for (all of them for "*"). */
function targets(r: Relaxation, docs: Record<string, OpenApiDoc>): OpenApiDoc[] {
  return Object.entries(docs)
    .filter(([id]) => r.bundle === "*" || r.bundle === id)
    .map(([, doc]) => doc);
}

/** Relaxations that change nothing in freshly loaded documents (each one gets its own fresh copy). */
function inertRelaxations(load: () => Record<string, OpenApiDoc>): string[] {
  return RELAXATIONS.filter((r) => !targets(r, load()).some((doc) => r.apply(doc))).map((r) => r.description);
}

/**
 * Annotations left in `node`: a prose or example key (unless it names a property, like a rule's `description`), or
 * any `x-` extension. Returns their JSON paths.
 */
function proseIn(node: unknown, path = "$", inProperties = false): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => proseIn(v, `${path}[${i}]`));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    if (k.startsWith("x-") || (!inProperties && /^(description|summary|title|example|examples|externalDocs|operationId|tags)$/.test(k))) return [here];
    return proseIn(v, here, k === "properties" && !inProperties);
  });
}

/** First line where two texts differ, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  const i = la.findIndex((line, n) => line !== lb[n]);
  const at = i === -1 ? la.length : i;
  return `line ${at + 1}: committed ${JSON.stringify(la[at])}, generated ${JSON.stringify(lb[at])}`;
}

const FLEET_FIXTURE = `
openapi: 3.0.0
info: { title: Fleet, version: "0.2" }
tags: [{ name: fleet }]
paths:
  /api/fleet/fleet_server_hosts:
    get:
      summary: List hosts
      operationId: get-hosts
      tags: [Fleet Server hosts]
      x-state: beta
      parameters:
        - { name: perPage, in: query, description: "page size", example: 20, schema: { type: integer, minimum: 1 } }
      responses:
        "200":
          description: OK
          content:
            application/json:
              examples: { one: { $ref: "#/components/examples/HostExample" } }
              schema: { $ref: "#/components/schemas/Host" }
  /api/fleet/agents:
    get:
      responses: { "200": { description: OK, content: { application/json: { schema: { $ref: "#/components/schemas/Unused" } } } } }
  /s/{spaceId}/api/fleet/fleet_server_hosts/{id}:
    delete:
      description: Deletes a host.
      responses: { "404": { $ref: "#/components/responses/NotFound" } }
    get:
      responses: { "200": { description: OK } }
components:
  examples:
    HostExample: { value: { name: h } }
  responses:
    NotFound: { description: Not found, content: { application/json: { schema: { type: object } } } }
  schemas:
    Host:
      type: object
      title: A Fleet Server host
      description: Prose about the host.
      required: [description, name]
      additionalProperties: false
      properties:
        description: { type: string, description: "The host's own description field." }
        name: { $ref: "#/components/schemas/Name" }
        proxy:
          oneOf: [{ $ref: "#/components/schemas/ProxyA" }]
          discriminator: { propertyName: kind, mapping: { a: "#/components/schemas/ProxyA" } }
    Name: { type: string, example: my-host, x-go-name: Name, nullable: true }
    ProxyA: { type: object, externalDocs: { url: "https://example.invalid" } }
    Unused: { type: object }
`;

describe("snapshot generator", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "contract-snapshot-"));
    for (const b of BUNDLES) writeFileSync(join(dir, b.file), b.id === "fleet" ? FLEET_FIXTURE : "openapi: 3.0.3\npaths: {}\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the served operations and the components they reach, structure only", () => {
    const snapshot = buildSnapshot(dir);
    expect(Object.keys(snapshot.bundles)).toEqual(["fleet"]);
    expect(snapshot.bundles.fleet).toEqual({
      openapi: "3.0.0",
      paths: {
        "/api/fleet/fleet_server_hosts": {
          get: {
            parameters: [{ name: "perPage", in: "query", schema: { type: "integer", minimum: 1 } }],
            responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Host" } } } } },
          },
        },
        // served as DELETE /api/fleet/fleet_server_hosts/{itemId} and GET …/{itemId}: both kept, under the bundle's key
        "/s/{spaceId}/api/fleet/fleet_server_hosts/{id}": {
          delete: { responses: { "404": { $ref: "#/components/responses/NotFound" } } },
          get: { responses: { "200": {} } },
        },
      },
      components: {
        responses: { NotFound: { content: { "application/json": { schema: { type: "object" } } } } },
        schemas: {
          Host: {
            type: "object",
            required: ["description", "name"],
            additionalProperties: false,
            properties: {
              description: { type: "string" },
              name: { $ref: "#/components/schemas/Name" },
              proxy: {
                oneOf: [{ $ref: "#/components/schemas/ProxyA" }],
                discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/ProxyA" } },
              },
            },
          },
          Name: { type: "string", nullable: true },
          ProxyA: { type: "object" },
        },
      },
    });
  });

  it("records every bundle file it read, with its sha256 and the operations kept", () => {
    const { sources } = buildSnapshot(dir);
    expect(sources.map((s) => s.file)).toEqual(BUNDLES.map((b) => b.file));
    const fleet = sources.find((s) => s.bundle === "fleet")!;
    expect(fleet.sha256).toBe(createHash("sha256").update(FLEET_FIXTURE).digest("hex"));
    expect(fleet.operations).toBe(3);
    expect(sources.filter((s) => s.bundle !== "fleet").every((s) => s.operations === 0)).toBe(true);
  });

  it("gives the same bytes whatever the key order of the input", () => {
    const a = { b: 1, a: { d: [{ f: 1, e: 2 }], c: null } };
    const b = { a: { c: null, d: [{ e: 2, f: 1 }] }, b: 1 };
    expect(stableJson(a)).toBe(stableJson(b));
    expect(stableJson(a, 0)).toBe('{"a":{"c":null,"d":[{"e":2,"f":1}]},"b":1}');
  });

  it("stops on a key it does not know, naming it and where it is", () => {
    expect(() =>
      stripToStructure({ type: "object", properties: { x: { type: "string", unevaluatedThing: true } } }, "schema", "#/components/schemas/S"),
    ).toThrow('unknown key "unevaluatedThing" in a schema at #/components/schemas/S/properties/x');
  });

  it("refuses a $ref it cannot follow", () => {
    writeFileSync(
      join(dir, "fleet_bundled.yaml"),
      'openapi: 3.0.0\npaths:\n  /api/fleet/fleet_server_hosts:\n    get:\n      responses: { "200": { $ref: "other.yaml#/Host" } }\n',
    );
    expect(() => buildSnapshot(dir)).toThrow("unsupported $ref other.yaml#/Host");
  });
});

describe("the committed snapshot", () => {
  const snapshot = readSnapshot();

  it("says which bundle files it was derived from", () => {
    expect(snapshot.sources.map((s) => s.file)).toEqual(BUNDLES.map((b) => b.file));
    for (const s of snapshot.sources) expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshot.generatedBy).toContain(REGENERATE_HINT);
  });

  it("still gives every relaxation something to change", () => {
    expect(inertRelaxations(() => readSnapshot().bundles)).toEqual([]);
  });

  it("stays small (structure only)", () => {
    const bytes = readFileSync(SNAPSHOT_FILE).length;
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
    expect(proseIn(snapshot)).toEqual([]);
  });
});

describeWithOfficialBundles("the committed snapshot against the official bundles", (dir) => {
  it(`is what the generator gives today (else ${REGENERATE_HINT})`, () => {
    const generated = serializeSnapshot(buildSnapshot(dir));
    const committed = readFileSync(SNAPSHOT_FILE, "utf8");
    if (generated !== committed) {
      throw new Error(
        `${SNAPSHOT_FILE} differs from what the bundles in ${dir} and the emulator's routes give (${firstDifference(committed, generated)}); ${REGENERATE_HINT} and commit the result`,
      );
    }
    expect(serializeSnapshot(buildSnapshot(dir))).toBe(generated);
  });

  it("gives every relaxation something to change in the full bundles too", () => {
    const load = () => Object.fromEntries(BUNDLES.map((b) => [b.id, parseBundle(readFileSync(join(dir, b.file), "utf8"))]));
    expect(inertRelaxations(load)).toEqual([]);
  });
});
