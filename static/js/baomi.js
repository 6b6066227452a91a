// Ask before any submit whose button (or form) carries data-confirm. The text comes from an
// HTML attribute, so no translation can break the script.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const text = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (text && !window.confirm(text)) {
    event.preventDefault();
  }
});
