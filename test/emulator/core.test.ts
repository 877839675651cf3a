// The emulators' shared machinery (emulator/core/), which every connector's emulator relies on.
import assert from "node:assert/strict";
import { luhnValid } from "../../emulator/core/cards.js";
import { IdempotencyKeys } from "../../emulator/core/idempotency.js";
import { randomString } from "../../emulator/core/ids.js";
import { decimalDigits, formatDecimal, parseDecimal } from "../../emulator/core/money.js";

describe("emulator core", () => {
  it("luhnValid: the processors' published test cards pass, a changed digit and a wrong length fail", () => {
    for (const pan of ["4242424242424242", "4111111111111111", "5454545454545454", "370000000000002", "4000000000003220"]) assert.ok(luhnValid(pan), pan);
    for (const pan of ["4242424242424241", "42424242424", "4242 4242 4242 4242", "42424242424242424242"]) assert.ok(!luhnValid(pan), pan);
  });

  it("money: decimal text in minor units and back, exact only", () => {
    assert.equal(parseDecimal("10.99", 2), 1099);
    assert.equal(parseDecimal("10.5", 2), 1050);
    assert.equal(parseDecimal("500", 0), 500);
    assert.equal(parseDecimal("1.234", 3), 1234);
    for (const [text, exp] of [["10.999", 2], ["1.5", 0], ["-1", 2], ["1e3", 2], ["10.", 2], [10, 2]] as const) assert.equal(parseDecimal(text, exp), null, String(text));
    assert.deepEqual(decimalDigits("0.07", 2), { whole: "0", fraction: "07" });
    assert.equal(formatDecimal(1099, 2), "10.99");
    assert.equal(formatDecimal(7, 2), "0.07");
    assert.equal(formatDecimal(500, 0), "500");
    assert.equal(formatDecimal(12345678901234567890n, 3), "12345678901234567.890");
  });

  it("idempotency keys: the first answer is replayed for the same request, another request with the key conflicts, unkept answers run again", () => {
    const keys = new IdempotencyKeys();
    let runs = 0;
    const answer = (status: number) => () => ({ status, json: { run: ++runs } });
    const keep = (r: { status: number }) => r.status < 500;
    assert.deepEqual(keys.run("k1", "body-a", keep, answer(200)), { kind: "fresh", response: { status: 200, json: { run: 1 } } });
    assert.deepEqual(keys.run("k1", "body-a", keep, answer(200)), { kind: "replayed", response: { status: 200, json: { run: 1 } } });
    assert.deepEqual(keys.run("k1", "body-b", keep, answer(200)), { kind: "conflict" });
    assert.equal(keys.run("k2", "x", keep, answer(503)).kind, "fresh");
    assert.deepEqual(keys.run("k2", "x", keep, answer(200)), { kind: "fresh", response: { status: 200, json: { run: 3 } } });
  });

  it("ids: the length and alphabet asked for", () => {
    const id = randomString(40, "AB");
    assert.match(id, /^[AB]{40}$/);
  });
});
