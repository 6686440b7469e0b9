import { z } from "zod";
import { PLAIN_MESSAGES, describeIssue } from "../../../../src/interfaces/contract/issue-message";

const Body = z.strictObject({
  activityId: z.number().int().positive(),
  name: z.string().min(1).max(5),
  mode: z.enum(["SINGLE", "ENTIRETY"]),
  rate: z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "0.05"'),
  strategy: z.strictObject({ awards: z.array(z.string()).min(1) }),
});
const valid = { activityId: 1, name: "a", mode: "SINGLE", rate: "0.5", strategy: { awards: ["x"] } };

function messageFor(input: unknown): string {
  const parsed = Body.safeParse(input, PLAIN_MESSAGES);
  if (parsed.success) throw new Error("expected a failure");
  return describeIssue(parsed.error.issues[0], "body");
}

describe("validation messages in plain words", () => {
  it.each([
    ["no body", undefined, "body: expected a JSON object"],
    ["a text body", "hello", "body: expected a JSON object"],
    ["a text number", { ...valid, activityId: "1" }, "body.activityId: expected a number"],
    ["a fraction", { ...valid, activityId: 1.5 }, "body.activityId: expected an integer"],
    ["zero", { ...valid, activityId: 0 }, "body.activityId: must be greater than 0"],
    ["a missing field", { ...valid, name: undefined }, "body.name: is required"],
    ["an empty string", { ...valid, name: "" }, "body.name: must not be empty"],
    ["a long string", { ...valid, name: "abcdefg" }, "body.name: must be at most 5 characters"],
    ["an unknown option", { ...valid, mode: "BOTH" }, 'body.mode: expected one of "SINGLE", "ENTIRETY"'],
    ["the schema's own message", { ...valid, rate: "half" }, 'body.rate: must be a decimal string such as "0.05"'],
    ["a missing nested object", { ...valid, strategy: undefined }, "body.strategy: is required"],
    ["an empty list", { ...valid, strategy: { awards: [] } }, "body.strategy.awards: must not be empty"],
    ["an unknown field", { ...valid, colour: "red" }, "body: unknown field colour"],
  ])("%s", (_what, input, message) => {
    expect(messageFor(input)).toBe(message);
    expect(message).not.toMatch(/NaN|received|Invalid/);
  });
});
