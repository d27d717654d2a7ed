/*
 * Publish (or Save draft, or Submit) never races Wagtail 8's autosave.
 *
 * Wagtail's autosave posts the editor form in the background. On a new page
 * its first post creates the page and then points the form at the edit view.
 * A real submit made while that post is scheduled or in flight still goes to
 * the create view, so two requests create the same page: one ends as a 500
 * (duplicate slug), or a published copy sits beside a draft copy. And the
 * edit watcher keeps running after a real submit, so an edit noticed just
 * after the click starts an autosave while Publish is still being handled.
 *
 * So, on a real submit of an editor form with autosave: stop autosave from
 * starting anything new, wait for the one already scheduled or running to
 * finish (the form then posts to the right view), and submit again with the
 * same button. Nothing is inline, so the admin's Content-Security-Policy holds.
 */
(function () {
  "use strict";

  function autosaveOf(form) {
    var app = window.wagtail && window.wagtail.app;
    if (!app || !form.matches("[data-controller~='w-autosave']")) return null;
    return app.getControllerForElementAndIdentifier(form, "w-autosave");
  }

  function buttonLike(form, submitter) {
    // Hydration may have replaced the button that was clicked: use its twin.
    if (!submitter || form.contains(submitter)) return submitter;
    if (!submitter.name) return null;
    return form.querySelector(
      'button[name="' + CSS.escape(submitter.name) + '"], input[type="submit"][name="' +
        CSS.escape(submitter.name) + '"]'
    );
  }

  function resubmit(form, submitter) {
    var button = buttonLike(form, submitter);
    if (button || !submitter) {
      form.requestSubmit(button || undefined);
      return;
    }
    // No twin to click: carry the action by hand.
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = submitter.name;
    field.value = submitter.value;
    form.appendChild(field);
    form.requestSubmit();
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var autosave = autosaveOf(form);
      if (!autosave) return;
      // No new autosave after a real submit has been asked for.
      autosave.activeValue = false;
      var running = autosave.submitPromise;
      if (!running) {
        // Another handler may still cancel this submit (a confirmation, say):
        // the editor then stays on the page and autosave carries on.
        setTimeout(function () {
          if (event.defaultPrevented) autosave.activeValue = true;
        }, 0);
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      Promise.resolve(running)
        .catch(function () {})
        .then(function () {
          resubmit(form, submitter);
        });
    },
    true
  );
})();
