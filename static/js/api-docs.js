// The API docs (Swagger UI): its dark styles apply under html.dark-mode, which nothing in
// its BaseLayout sets. Follow the theme the reader chose on the site (theme.js), else the OS.
(function () {
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

  function apply() {
    var theme = null;
    try {
      theme = localStorage.getItem("theme");
    } catch (e) {
      /* storage disabled: follow prefers-color-scheme */
    }
    var dark = theme === "dark" || (theme !== "light" && prefersDark.matches);
    document.documentElement.classList.toggle("dark-mode", dark);
  }

  apply();
  prefersDark.addEventListener("change", apply);
})();
