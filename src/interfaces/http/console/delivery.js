import { api, describe } from "./api.js";
import { $, changed, fillRows, h, num, showSectionError } from "./dom.js";

const lag = () => $("#lag");
const stuck = () => $("#stuck");
const letters = () => $("#dead-letters");
// Reading the dead-letter topic costs a consumer-group join: never two reads at once.
let readingLetters = false;

export function setUpDelivery() {
  $(".resend", stuck()).addEventListener("click", resendAll);
  $(".replay-all", letters()).addEventListener("click", () => replay({ ...reasonFilter() }, $(".outcome", letters())));
  $(".reason", letters()).addEventListener("change", () => changed());
}

export function refreshDelivery() {
  return Promise.all([refreshLag(), refreshStuck(), refreshDeadLetters()]);
}

async function refreshLag() {
  try {
    const answer = await api("GET", "/api/v1/operator/consumer-lag");
    showSectionError(lag(), "");
    $(".total", lag()).textContent = `(${answer.total} behind in ${answer.topic}, group ${answer.groupId})`;
    fillRows(lag(), answer.partitions.map((p) => h("tr", { "data-partition": p.partition }, num(p.partition), num(p.lag, { className: "num lag" }))));
  } catch (error) {
    showSectionError(lag(), describe(error));
  }
}

async function refreshStuck() {
  try {
    const answer = await api("GET", "/api/v1/operator/stuck?limit=50");
    showSectionError(stuck(), "");
    $(".count", stuck()).textContent = String(answer.total);
    fillRows(
      stuck(),
      answer.items.map((o) =>
        h("tr", { "data-order-id": o.orderId }, h("td", {}, o.orderId), h("td", {}, o.uId), num(o.activityId), h("td", {}, o.awardName), h("td", {}, o.mqState), h("td", {}, o.createdAt)),
      ),
    );
  } catch (error) {
    showSectionError(stuck(), describe(error));
  }
}

function reasonFilter() {
  const reason = $(".reason", letters()).value;
  return reason ? { reason } : {};
}

async function refreshDeadLetters() {
  if (readingLetters) return;
  readingLetters = true;
  try {
    const { reason } = reasonFilter();
    const answer = await api("GET", `/api/v1/operator/dead-letters${reason ? `?reason=${encodeURIComponent(reason)}` : ""}`);
    showSectionError(letters(), "");
    $(".count", letters()).textContent = String(answer.total);
    $(".replayed-count", letters()).textContent = String(answer.replayed);
    fillRows(letters(), answer.items.map(letterRow));
  } catch (error) {
    showSectionError(letters(), describe(error));
  } finally {
    readingLetters = false;
  }
}

function letterRow(l) {
  const outcome = h("span", { className: "outcome" });
  return h(
    "tr",
    { "data-order-id": l.orderId || "", "data-reason": l.reason, className: l.replayed ? "replayed" : "" },
    h("td", {}, l.orderId || "(no orderId)"),
    h("td", { className: "reason" }, l.reason),
    num(l.attempts ?? "?"),
    h("td", { className: "value" }, l.error || "?"),
    h("td", {}, `${l.partition}:${l.offset}`),
    h("td", { className: "grant-state" }, l.grantState || "(no such order)"),
    h(
      "td",
      {},
      l.replayed
        ? h("span", { className: "replayed-mark" }, "replayed")
        : l.orderId
          ? h("button", { type: "button", className: "replay", onclick: () => replay({ orderId: l.orderId }, outcome) }, "replay")
          : null,
      outcome,
    ),
  );
}

async function replay(filter, outcome) {
  outcome.textContent = "replaying…";
  try {
    const answer = await api("POST", "/api/v1/operator/dead-letters/replay", filter);
    outcome.textContent = `replayed ${answer.replayed} to ${answer.to}${answer.skipped ? ` (${answer.skipped} replayed before)` : ""}`;
  } catch (error) {
    outcome.textContent = `replay failed: ${describe(error)}`;
  }
  changed();
}

async function resendAll() {
  const outcome = $(".outcome", stuck());
  outcome.textContent = "re-sending…";
  try {
    const answer = await api("POST", "/api/v1/operator/stuck/resend");
    outcome.textContent = `re-sent ${answer.resent}`;
  } catch (error) {
    outcome.textContent = `re-send failed: ${describe(error)}`;
  }
  changed();
}
