import { pgPoolConfigFromUrl } from "../../../../src/infrastructure/persistence/pg-pool-config";

describe("pgPoolConfigFromUrl", () => {
  it("reads host, port, user, password and database, decoding escapes", () => {
    expect(pgPoolConfigFromUrl("postgresql://lot%40ops:p%2Fw@db.local:6543/lottery")).toEqual({
      host: "db.local",
      port: 6543,
      user: "lot@ops",
      password: "p/w",
      database: "lottery",
    });
  });

  it("takes libpq's ?host= socket directory, ?schema= and ?application_name=", () => {
    expect(pgPoolConfigFromUrl("postgresql://postgres@localhost/lottery?host=/run/postgresql&schema=s1&application_name=lottery-api")).toMatchObject({
      host: "/run/postgresql",
      options: "-c search_path=s1",
      application_name: "lottery-api",
    });
    expect(pgPoolConfigFromUrl("postgresql://postgres@localhost/lottery")).not.toHaveProperty("application_name");
  });

  it("refuses a URL of another scheme", () => {
    expect(() => pgPoolConfigFromUrl("mysql://root@localhost/lottery")).toThrow("DATABASE_URL must start with postgresql://");
  });
});
