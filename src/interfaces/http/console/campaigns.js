import { api, describe } from "./api.js";
import { $, changed, fillRows, h, num, showSectionError } from "./dom.js";

const section = () => $("#campaigns");
const MOVES = { OPEN: ["start"], RUNNING: ["pause"], PAUSED: ["resume"], DONE: [] };
const refusals = new Map();

export async function refreshCampaigns() {
  let page;
  try {
    page = await api("GET", "/api/v1/campaigns?page=1&size=50");
  } catch (error) {
    showSectionError(section(), describe(error));
    return;
  }
  showSectionError(section(), page.total > page.items.length ? `showing ${page.items.length} of ${page.total}` : "");
  fillRows(section(), page.items.map(row));
}

function row(c) {
  // Every recipient gets perUser grants; done is granted or failed for good.
  const planned = c.recipients * c.perUser;
  const done = c.granted + c.failed;
  const percent = planned > 0 ? Math.floor((100 * done) / planned) : 0;
  return h(
    "tr",
    { "data-campaign-id": c.campaignId },
    num(c.campaignId),
    h("td", {}, c.name),
    h("td", { className: "state" }, c.state),
    h("td", {}, h("progress", { max: Math.max(planned, 1), value: done }), " ", h("span", { className: "percent" }, `${percent}%`)),
    num(c.recipients),
    num(c.ordered),
    num(c.sent),
    num(c.granted, { className: "num granted" }),
    num(c.failed),
    h(
      "td",
      {},
      (MOVES[c.state] || []).map((action) => h("button", { type: "button", "data-action": action, onclick: () => move(c.campaignId, action) }, action)),
      h("span", { className: "error move-error" }, refusals.get(c.campaignId) || ""),
    ),
  );
}

async function move(campaignId, action) {
  try {
    await api("POST", `/api/v1/campaigns/${campaignId}/${action}`);
    refusals.delete(campaignId);
  } catch (error) {
    refusals.set(campaignId, `${action} refused: ${describe(error)}`);
    const shown = document.querySelector(`#campaigns tr[data-campaign-id="${campaignId}"] .move-error`);
    if (shown) shown.textContent = refusals.get(campaignId);
  }
  changed();
}
