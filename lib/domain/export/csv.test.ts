import { describe, expect, it } from "vitest";
import { makeRow } from "@/test/make-row";
import { OVERVIEW_COLUMNS, csvCell, csvLine, overviewCells } from "./csv";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""],
    ["+1", "'+1"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
  ])("%j → %j", (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it("writes numbers as they are (a negative number is not a formula), nothing for null", () => {
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
    expect(csvLine(["a", null, 2])).toBe("a,,2\r\n");
  });
});

describe("overviewCells", () => {
  it("has one cell per column, the verdict and the AWS state", () => {
    const row = makeRow();
    const cells = overviewCells(row);
    expect(cells).toHaveLength(OVERVIEW_COLUMNS.length);
    expect(cells.slice(0, 4)).toEqual([row.cluster, row.namespace, row.name, row.verdict.health]);
  });
});
