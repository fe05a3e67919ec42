import { exceptionItemExpiry, exceptionItemNotOverBroad } from "../../src/policies";
import { isBroadEntry, overBroadReason } from "../../src/policies/exception-item-over-broad";
import { UNKNOWN } from "../../src/util/props";
import { check, checkStack, context, itemProps, NOW, res } from "../helpers";

const item = (overrides: Record<string, any> = {}) => res("ExceptionListItem", "backup-agent", itemProps(overrides));
const justification = { comment: "The backup agent reads every file by design; approved in SEC-1234 by the SOC lead." };

describe("exception-item-expiry", () => {
  it("passes an item that expires within the maximum age", () => {
    expect(check(exceptionItemExpiry, item())).toEqual([]);
  });
  it("passes a permanent item with a justification comment", () => {
    expect(check(exceptionItemExpiry, item({ expire_time: undefined, comments: [justification] }))).toEqual([]);
  });
  it("fails a permanent item without a justification", () => {
    expect(check(exceptionItemExpiry, item({ expire_time: undefined }))).toEqual([
      'exception item "backup-agent" (item_id backup-agent) never expires and has no justification comment: set expire_time (at most 90 days ahead) or add a comment of at least 20 characters explaining why it is permanent.',
    ]);
    expect(check(exceptionItemExpiry, item({ expire_time: undefined, comments: [{ comment: "ok by me" }] }))).toHaveLength(1);
  });
  it("fails an expiry beyond the configured maximum age", () => {
    const in120days = new Date(NOW.getTime() + 120 * 86_400_000).toISOString();
    expect(check(exceptionItemExpiry, item({ expire_time: in120days }))).toEqual([
      expect.stringContaining("expires in 120 days (2026-05-15), beyond the maximum of 90 days"),
    ]);
    expect(check(exceptionItemExpiry, item({ expire_time: in120days }), { maxAgeDays: 180 })).toEqual([]);
  });
  it("fails expired and malformed expiries", () => {
    expect(check(exceptionItemExpiry, item({ expire_time: "2026-01-01T00:00:00Z" }))).toEqual([expect.stringContaining("expired on 2026-01-01")]);
    expect(check(exceptionItemExpiry, item({ expire_time: "next tuesday" }))).toEqual([expect.stringContaining("is not an ISO date-time")]);
  });
  it("can require a justification on expiring items too", () => {
    expect(check(exceptionItemExpiry, item(), { requireJustification: true })).toEqual([expect.stringContaining("has no justification comment")]);
    expect(check(exceptionItemExpiry, item({ comments: [justification] }), { requireJustification: true })).toEqual([]);
  });
  it("measures against the context's clock", () => {
    expect(check(exceptionItemExpiry, item(), {}, context({ now: new Date("2026-03-01T00:00:00Z") }))).toEqual([expect.stringContaining("expired")]);
  });
});

describe("exception-item-not-over-broad", () => {
  const exists = { field: "host.name", operator: "included", type: "exists" };
  const star = { field: "process.name", operator: "included", type: "wildcard", value: "*" };
  const specific = { field: "process.executable", operator: "included", type: "match", value: "C:\\backup.exe" };
  const list = (type = "detection", list_id = "soc-exceptions") =>
    res("ExceptionList", list_id, { list_id, type, namespace_type: "single", name: "n", description: "d" });

  it("classifies entries", () => {
    expect(isBroadEntry(exists)).toBe(true);
    expect(isBroadEntry(star)).toBe(true);
    expect(isBroadEntry({ ...star, value: "*\\temp\\*" })).toBe(false);
    expect(isBroadEntry(specific)).toBe(false);
    expect(isBroadEntry({ type: "nested", field: "dll", entries: [exists] })).toBe(true);
    expect(isBroadEntry({ type: "nested", field: "dll", entries: [exists, specific] })).toBe(false);
    expect(overBroadReason([exists, specific])).toBeUndefined();
    expect(overBroadReason([exists, star])).toBe('its only conditions are host.name exists and process.name matches "*", which match nearly every alert');
    expect(overBroadReason([])).toContain("no entries");
    expect(overBroadReason([{ ...exists, type: UNKNOWN }])).toBeUndefined();
  });
  it("passes a specific item", () => {
    expect(checkStack(exceptionItemNotOverBroad, [list(), item()])).toEqual([]);
    expect(checkStack(exceptionItemNotOverBroad, [list(), item({ entries: [exists, specific] })])).toEqual([]);
  });
  it("fails a lone exists or wildcard-only item on a detection list", () => {
    const broad = item({ entries: [exists] });
    expect(checkStack(exceptionItemNotOverBroad, [list(), broad])).toEqual([
      {
        urn: broad.urn,
        message:
          'exception item "backup-agent" (item_id backup-agent) on detection list "soc-exceptions" is over-broad: its only condition is host.name exists, which matches nearly every alert. Add a specific condition.',
      },
    ]);
    expect(checkStack(exceptionItemNotOverBroad, [list(), item({ entries: [star] })])).toHaveLength(1);
    // A list declared elsewhere counts as a detection list.
    expect(checkStack(exceptionItemNotOverBroad, [item({ entries: [star] })])).toHaveLength(1);
  });
  it("skips lists of other types", () => {
    expect(checkStack(exceptionItemNotOverBroad, [list("endpoint"), item({ entries: [exists] })])).toEqual([]);
    expect(checkStack(exceptionItemNotOverBroad, [item({ list_id: "endpoint_list", namespace_type: "agnostic", entries: [exists] })])).toEqual([]);
    expect(
      checkStack(exceptionItemNotOverBroad, [item({ list_id: "trusted", entries: [exists] })], { externalListTypes: { trusted: "endpoint_trusted_apps" } }),
    ).toEqual([]);
  });
});
