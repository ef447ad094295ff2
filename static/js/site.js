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

// htmx swaps nothing on an error status: show a 429's short message ("Too many requests:
// wait 20 seconds...") in the page's notice area instead of letting the click do nothing.
document.body.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var notice = document.querySelector("[data-too-many-requests]");
  if (xhr.status !== 429 || !notice) {
    return;
  }
  notice.textContent = xhr.responseText;
  notice.hidden = false;
});
