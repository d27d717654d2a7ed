// Defines the callbacks django-recaptcha's widgets name in data-callback.
// django-recaptcha writes them in an inline <script>, which the site's
// Content-Security-Policy blocks; templates/django_recaptcha/includes/
// loads this file instead.
(function () {
    "use strict";
    document.querySelectorAll(".g-recaptcha[data-callback]").forEach(function (widget) {
        var name = widget.getAttribute("data-callback");
        var form = widget.closest("form");
        if (!/^onSubmit_[\w-]+$/.test(name) || !form) {
            return;
        }
        if (widget.getAttribute("data-size") === "invisible") {
            // Invisible reCAPTCHA: check on submit, then submit for real.
            window[name] = function () { form.submit(); };
            form.addEventListener("submit", function (event) {
                event.preventDefault();
                window.grecaptcha.execute();
            });
        } else {
            // Checkbox: the token lands in the form by itself; nothing to do.
            window[name] = function () {};
        }
    });
})();
