import { formatTable } from "../../../../src/interfaces/cli/table";

describe("formatTable", () => {
  it("pads text left and numbers right, so columns line up", () => {
    expect(formatTable(["activity", "name", "stock"], [["100001", "Reference", 100], ["7", "A longer name", 5]])).toEqual([
      "activity  name           stock",
      "100001    Reference        100",
      "7         A longer name      5",
    ]);
  });

  it("prints the header alone when there are no rows", () => {
    expect(formatTable(["a", "b"], [])).toEqual(["a  b"]);
  });
});
