// Runs in <head> before first paint: apply the theme the reader chose (else the OS's).
(function () {
  try {
    var theme = localStorage.getItem("theme");
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  } catch (e) {
    /* storage disabled: follow prefers-color-scheme */
  }
})();
