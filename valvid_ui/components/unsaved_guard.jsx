import { useEffect } from "react";
import { useBlocker } from "react-router";

const QUESTION = "You have unsaved changes. Leave without saving them?";

// A tag list as the server keeps it: trimmed, single-spaced, lower-case, no repeats.
function tagsOf(text) {
  const tags = text.split(/[,\n]/).map((t) => t.trim().split(/\s+/).join(" ").toLowerCase());
  return tags.filter((t, i) => t && tags.indexOf(t) === i).join(", ");
}

function changed(field) {
  if (field.name === "tags") return tagsOf(field.value) !== tagsOf(field.defaultValue);
  return field.value.trim() !== field.defaultValue.trim();
}

// True when a field of the form differs from what was last loaded or saved (its default value).
export function hasUnsavedChanges(formId) {
  const form = document.getElementById(formId);
  if (!form) return false;
  return Array.from(form.elements).some((f) => f.name && "defaultValue" in f && changed(f));
}

// Asks before the page is left with unsaved changes: links, redirects, back/forward, tab close.
export function UnsavedGuard({ formId }) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      currentLocation.pathname !== nextLocation.pathname && hasUnsavedChanges(formId),
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(QUESTION)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    const warn = (event) => {
      if (!hasUnsavedChanges(formId)) return;
      event.preventDefault();
      event.returnValue = QUESTION;
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [formId]);
  return null;
}
