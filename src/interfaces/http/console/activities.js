import { api, describe } from "./api.js";
import { $, changed, fillRows, h, num, showSectionError } from "./dom.js";

const section = () => $("#activities");
// A refused move stays shown next to its activity until the next move of that activity.
const refusals = new Map();

export async function refreshActivities() {
  let summary;
  try {
    summary = await api("GET", "/api/v1/operator/summary");
  } catch (error) {
    showSectionError(section(), describe(error));
    return;
  }
  showSectionError(section(), "");
  fillRows(section(), summary.items.map(row));
}

function row(a) {
  const id = a.activityId;
  return h(
    "tr",
    { "data-activity-id": id },
    num(id),
    h("td", {}, a.name),
    h("td", { className: "state" }, a.state),
    num(a.stockLeft, { className: "num stock-left", title: a.liveStock ? "live stock" : "stored surplus (no live stock yet)" }),
    num(a.takes, { className: "num takes" }),
    num(a.wins, { className: "num wins" }),
    num(a.granted, { className: "num granted" }),
    num(a.pending, { className: "num pending" }),
    num(a.failed, { className: "num failed" }),
    h(
      "td",
      {},
      a.actions.map((action) => h("button", { type: "button", "data-action": action, onclick: () => move(id, action) }, action)),
      h("span", { className: "error move-error" }, refusals.get(id) || ""),
    ),
  );
}

async function move(activityId, action) {
  try {
    await api("POST", `/api/v1/activities/${activityId}/state`, { action });
    refusals.delete(activityId);
  } catch (error) {
    refusals.set(activityId, `${action} refused: ${describe(error)}`);
    // Shown at once, even when the refresh that follows cannot reach the service.
    const shown = document.querySelector(`#activities tr[data-activity-id="${activityId}"] .move-error`);
    if (shown) shown.textContent = refusals.get(activityId);
  }
  changed();
}
