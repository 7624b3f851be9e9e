// The reader's choice of a light or dark page, kept in localStorage. Loaded in <head>, neither
// deferred nor async: the choice is on <html data-theme> before anything is drawn, so a reader
// who chose light never sees a dark page flash by. Without JavaScript nothing is set and the
// stylesheet follows the system; the switch stays hidden, so there is no button that does
// nothing.
(() => {
  const KEY = "sitegen-theme";
  const root = document.documentElement;
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  // Storage can be refused (a browser's setting, a private window): the page then follows
  // the system, and a choice lasts as long as the page.
  const load = () => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  };
  const save = (scheme) => {
    try {
      if (scheme) localStorage.setItem(KEY, scheme);
      else localStorage.removeItem(KEY);
    } catch {
      // Not kept: see above.
    }
  };
  const system = () => (systemDark.matches ? "dark" : "light");
  const shown = () => root.dataset.theme || system();

  const chosen = load();
  if (chosen === "light" || chosen === "dark") root.dataset.theme = chosen;

  window.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector("[data-theme-switch]");
    if (!button) return;
    const update = () => button.setAttribute("aria-pressed", String(shown() === "dark"));
    button.addEventListener("click", () => {
      const next = shown() === "dark" ? "light" : "dark";
      // Choosing what the system shows is going back to following it, as before any choice.
      if (next === system()) {
        delete root.dataset.theme;
        save(null);
      } else {
        root.dataset.theme = next;
        save(next);
      }
      update();
    });
    systemDark.addEventListener("change", update);
    update();
    button.hidden = false;
  });
})();
