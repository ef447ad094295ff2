// The theme toggle (hidden without JavaScript, where prefers-color-scheme decides alone).
(function () {
  var root = document.documentElement;
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

  function current() {
    return root.dataset.theme || (prefersDark.matches ? "dark" : "light");
  }

  document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
    function sync() {
      button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
    }
    button.hidden = false;
    sync();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try {
        localStorage.setItem("theme", next);
      } catch (e) {
        /* the choice lasts for this page only */
      }
      sync();
    });
    prefersDark.addEventListener("change", sync);
  });
})();
