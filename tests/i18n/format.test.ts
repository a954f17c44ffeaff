import { describe, expect, it } from "vitest";
import { formatNpwp } from "../../app/i18n/format";

describe("formatNpwp (issue 13 #8)", () => {
  it("writes the 15-digit NPWP the way it is typed and printed, and the 16-digit one in groups of four", () => {
    expect(formatNpwp("023456789507000")).toBe("02.345.678.9-507.000");
    expect(formatNpwp("0023456789507000")).toBe("0023 4567 8950 7000");
    expect(formatNpwp("12345")).toBe("12345");
  });
});
