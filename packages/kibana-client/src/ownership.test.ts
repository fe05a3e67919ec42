import { ownRecovered } from "./ownership";
import { ForeignObjectError } from "./transport";

const found = (body: { owner?: string }, status = 200) => ({ status, headers: {}, body });

describe("ownRecovered", () => {
  it("takes an object the proof accepts, and any object when there is no proof", () => {
    const res = found({ owner: "me" });
    expect(ownRecovered(res, 'id "x"', { isOwn: (o) => o.owner === "me" })).toBe(res);
    expect(ownRecovered(found({ owner: "colleague" }), 'id "x"')).toEqual(found({ owner: "colleague" }));
  });

  it("refuses an object the proof rejects, naming the key", () => {
    const refuse = () => ownRecovered(found({ owner: "colleague" }), 'rule_id "shared"', { isOwn: (o) => o.owner === "me" });
    expect(refuse).toThrow(ForeignObjectError);
    expect(refuse).toThrow(/outcome of the create is unknown: an object with rule_id "shared" exists, but nothing shows that this create made it/);
  });

  it("reports a missing object as missing (the create is re-sent)", () => {
    expect(ownRecovered(found({}, 404), 'id "x"', { isOwn: () => false })).toBeUndefined();
  });
});
