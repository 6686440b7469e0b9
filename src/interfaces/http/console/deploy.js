import { api, describe } from "./api.js";
import { $, changed, h } from "./dom.js";

function example() {
  const now = Date.now();
  const id = 100000 + Math.floor(Math.random() * 899999);
  return {
    activityId: id,
    name: "Spring campaign",
    description: "deployed from the console",
    beginAt: new Date(now).toISOString(),
    endAt: new Date(now + 7 * 86_400_000).toISOString(),
    stockCount: 100,
    takeCount: 10,
    strategy: {
      strategyId: id,
      mode: "ENTIRETY",
      grantType: 1,
      awards: [
        { awardId: "1", type: "DESC", name: "Book", content: "a book", count: 50, rate: "0.7" },
        { awardId: "2", type: "COUPON", name: "Coupon", content: "10% off", count: 50, rate: "0.3" },
      ],
    },
  };
}

export function setUpDeploy() {
  $("#deploy-example").addEventListener("click", () => {
    $("#deploy-json").value = JSON.stringify(example(), null, 2);
  });
  $("#deploy-submit").addEventListener("click", deploy);
}

async function deploy() {
  const outcome = $("#deploy-outcome");
  const text = $("#deploy-json").value;
  let body;
  try {
    body = JSON.parse(text);
  } catch (error) {
    outcome.textContent = `not valid JSON: ${error.message}`;
    $("#deploy-fields").hidden = true;
    return;
  }
  outcome.textContent = "deploying…";
  try {
    const deployed = await api("POST", "/api/v1/activities", body);
    outcome.textContent = `deployed activity ${deployed.activityId} (state ${deployed.state})`;
    showFields(body, []);
    changed();
  } catch (error) {
    outcome.textContent = `refused: ${describe(error)}`;
    showFields(body, error.fields || []);
  }
}

/** Every leaf of the body as `a.b.0.c` → value, the paths the service's `fields` use (after "body."). */
function leaves(value, prefix = "", out = []) {
  if (value !== null && typeof value === "object" && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else out.push([prefix, value]);
  return out;
}

/** The body field by field, each error next to the field it names (or added, for a missing field). */
function showFields(body, fields) {
  const table = $("#deploy-fields");
  const errors = new Map();
  for (const f of fields) {
    const path = f.path === "body" ? "" : f.path.replace(/^body\./, "");
    errors.set(path, [...(errors.get(path) || []), f.message]);
  }
  const rows = [];
  const shown = new Set();
  for (const [path, value] of leaves(body)) {
    // An error about an object (say, the awards list) shows at its first field.
    const own = [...errors.keys()].filter((p) => p === path || (!shown.has(p) && (p === "" || path.startsWith(`${p}.`))));
    own.forEach((p) => shown.add(p));
    const messages = own.flatMap((p) => errors.get(p));
    rows.push(fieldRow(path, JSON.stringify(value), messages));
  }
  for (const [path, messages] of errors) if (!shown.has(path)) rows.push(fieldRow(path, "(missing)", messages));
  table.querySelector("tbody").replaceChildren(...rows);
  table.hidden = fields.length === 0;
}

function fieldRow(path, value, messages) {
  return h(
    "tr",
    { "data-field": path, className: messages.length ? "bad" : "" },
    h("td", {}, path || "(body)"),
    h("td", { className: "value" }, value),
    h("td", { className: "error field-error" }, messages.join("; ")),
  );
}
