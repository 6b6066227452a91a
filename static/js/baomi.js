// Ask before any submit whose button (or form) carries data-confirm. The text comes from an
// HTML attribute, so no translation can break the script.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const text = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (text && !window.confirm(text)) {
    event.preventDefault();
  }
});

// A select that submits its form when changed (the language switcher).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// A checkbox that ticks every checkbox of the named group (attendance lists, bulk actions);
// a disabled box (attendance marked before) keeps its state.
document.addEventListener("click", (event) => {
  const all = event.target.closest("input[data-check-all]");
  if (all) {
    const name = all.dataset.checkAll;
    document.querySelectorAll(`input[name="${name}"]:not(:disabled)`).forEach((box) => { box.checked = all.checked; });
  }
});
