// Tiny DOM helpers. Text always goes in as text (never HTML): dead letters carry whatever a
// producer wrote.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "className") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const num = (value, attributes = {}) => h("td", { className: "num", ...attributes }, value);

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** Replaces the rows of a section's table body. */
export function fillRows(section, rows) {
  $("tbody", section).replaceChildren(...rows);
}

export function showSectionError(section, message) {
  $(".section-error", section).textContent = message || "";
}

/** Says an action changed something; the page refreshes at once (main.js). */
export function changed() {
  document.dispatchEvent(new Event("console:changed"));
}
