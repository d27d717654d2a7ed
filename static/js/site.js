// Site-wide enhancements. Everything works without this file.
(function () {
    "use strict";
    // Move focus to <main> after the skip link so screen readers start there.
    var skip = document.querySelector(".skip-link");
    var main = document.getElementById("main-content");
    if (skip && main) {
        skip.addEventListener("click", function () { main.focus(); });
    }
})();

// "Copy link" on share links: copies the address instead of following it.
// Without JavaScript (or without clipboard access) it stays a plain link.
(function () {
    "use strict";
    if (!navigator.clipboard) { return; }
    document.querySelectorAll("[data-copy-link]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            event.preventDefault();
            var status = link.closest(".share").querySelector("[data-copy-status]");
            navigator.clipboard.writeText(link.href).then(function () {
                if (status) { status.textContent = status.getAttribute("data-copied-text"); }
            }, function () { window.location.href = link.href; });
        });
    });
})();
