import { afterAll, describe, expect, it } from "vitest";
import { byteaHex, createPglite } from "@/lib/db/create-pglite";

describe("bytea parameters on the embedded database", () => {
  const pglite = createPglite();
  afterAll(() => pglite.close());

  const roundTrip = async (value: Uint8Array) =>
    (await pglite.query<{ back: Uint8Array; length: number }>("SELECT $1::bytea AS back, length($1::bytea) AS length", [value])).rows[0];

  it("reach the database byte for byte, every byte value", async () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const { back, length } = await roundTrip(every);
    expect(length).toBe(256);
    expect(Buffer.from(back).equals(Buffer.from(every))).toBe(true);
  });

  it("send only their own bytes when they are a view into a larger buffer", async () => {
    const whole = Buffer.from("0123456789abcdef");
    const { back } = await roundTrip(whole.subarray(4, 9));
    expect(Buffer.from(back).toString()).toBe("45678");
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 10, 3);
    expect(Buffer.from((await roundTrip(view)).back).toString()).toBe("abc");
  });

  it("send an empty value as empty, not as null", async () => {
    expect(await roundTrip(new Uint8Array(0))).toMatchObject({ length: 0 });
  });

  it("are refused when they are not bytes", () => {
    expect(() => byteaHex("\\x00")).toThrow(/Uint8Array/);
  });
});
