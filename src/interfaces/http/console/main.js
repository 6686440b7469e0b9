import { api, describe, session, whenUnauthorized } from "./api.js";
import { $ } from "./dom.js";
import { refreshActivities } from "./activities.js";
import { refreshCampaigns } from "./campaigns.js";
import { refreshDelivery, setUpDelivery } from "./delivery.js";
import { setUpDeploy } from "./deploy.js";

// How often the page refreshes itself; ?refresh=ms overrides it (a demo, or a slow link).
const REFRESH_MS = Math.max(500, Number(new URLSearchParams(location.search).get("refresh")) || 3000);
let timer;
let refreshing = false;

function showLogin(message) {
  clearTimeout(timer);
  timer = undefined;
  session.token = null;
  $("#dashboard").hidden = true;
  $("#logout").hidden = true;
  $("#login").hidden = false;
  $("#login-error").textContent = message || "";
  $("#status").textContent = "";
  // Nothing an earlier login saw stays on the page.
  for (const body of document.querySelectorAll("#dashboard tbody")) body.replaceChildren();
}

function showDashboard() {
  $("#login").hidden = true;
  $("#dashboard").hidden = false;
  $("#logout").hidden = false;
  refresh();
}

async function refresh() {
  clearTimeout(timer);
  if (!session.token) return;
  if (!refreshing) {
    refreshing = true;
    try {
      await Promise.all([refreshActivities(), refreshDelivery(), refreshCampaigns()]);
      $("#status").textContent = `updated ${new Date().toLocaleTimeString()}`;
    } finally {
      refreshing = false;
    }
  }
  if (session.token) timer = setTimeout(refresh, REFRESH_MS);
}

// An action that changed something (dom.js changed()) refreshes at once, so its effect shows.
document.addEventListener("console:changed", () => {
  if (!session.token) return;
  clearTimeout(timer);
  timer = setTimeout(refresh, 50);
});

whenUnauthorized(() => showLogin("The operator token was refused (401 UNAUTHORIZED)."));

$("#login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = $("#token").value.trim();
  $("#login-error").textContent = "";
  try {
    // The token is checked before anything is shown; a wrong one never gets to the dashboard.
    await api("GET", "/api/v1/operator/summary", undefined, token);
  } catch (error) {
    if (error.status === 401) {
      showLogin("Wrong operator token: the service refused it (401 UNAUTHORIZED).");
      return;
    }
    // A 503 comes after the token check passed, and an outage is when the console is needed most:
    // it opens, and each section says what is away.
    if (error.status !== 503) {
      showLogin(`Cannot log in: ${describe(error)}`);
      return;
    }
  }
  session.token = token;
  $("#token").value = "";
  showDashboard();
});
$("#logout").addEventListener("click", () => showLogin("Logged out."));

setUpDelivery();
setUpDeploy();
if (session.token) showDashboard();
else showLogin();
