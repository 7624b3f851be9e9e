// Pagefind's search box, reading the index under the site's base path. Pagefind picks the
// index and the interface's words from <html lang>; the page's heading names the field.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box || !window.PagefindUI) return;
  new window.PagefindUI({ element: box, bundlePath: box.dataset.bundle, showImages: false });
  box.querySelector("input")?.setAttribute("aria-labelledby", box.dataset.label);
});
