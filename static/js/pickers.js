// Search-as-you-type pickers (core/pickers.py). htmx fetches the matches into the list; this
// file sends the typed text as `q`, puts the chosen row's id in the hidden input, and makes
// the list usable from the keyboard (arrows, Enter, Escape).

function pickerOf(element) {
  return element.closest("[data-picker]");
}

function pickerOptions(picker) {
  return Array.from(picker.querySelectorAll("[data-pick]"));
}

function pickerClose(picker) {
  const list = picker.querySelector(".picker-results");
  list.replaceChildren();
  picker.querySelector("[data-picker-input]").setAttribute("aria-expanded", "false");
}

function pickerChoose(option) {
  const picker = pickerOf(option);
  const box = picker.querySelector("[data-picker-input]");
  picker.querySelector("[data-picker-value]").value = option.dataset.pick;
  box.value = option.dataset.label;
  pickerClose(picker);
  box.focus();
}

// The endpoint reads the text as `q`, whatever the box is called in the form.
document.addEventListener("htmx:configRequest", (event) => {
  const box = event.detail.elt;
  if (box.matches && box.matches("[data-picker-input]")) {
    delete event.detail.parameters[box.name];
    event.detail.parameters.q = box.value;
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const picker = pickerOf(event.detail.target);
  if (picker) {
    const open = event.detail.target.children.length > 0;
    picker.querySelector("[data-picker-input]").setAttribute("aria-expanded", String(open));
  }
});

// Typing again forgets the row picked before: the text and the id must name the same row.
document.addEventListener("input", (event) => {
  if (event.target.matches("[data-picker-input]")) {
    pickerOf(event.target).querySelector("[data-picker-value]").value = "";
  }
});

document.addEventListener("click", (event) => {
  const option = event.target.closest("[data-pick]");
  if (option) {
    pickerChoose(option);
    return;
  }
  document.querySelectorAll("[data-picker]").forEach((picker) => {
    if (!picker.contains(event.target)) {
      pickerClose(picker);
    }
  });
});

document.addEventListener("keydown", (event) => {
  const picker = event.target.closest && pickerOf(event.target);
  if (!picker) {
    return;
  }
  const options = pickerOptions(picker);
  const box = picker.querySelector("[data-picker-input]");
  const at = options.indexOf(event.target);
  if (event.key === "ArrowDown" && options.length) {
    event.preventDefault();
    options[Math.min(at + 1, options.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at >= 0) {
    event.preventDefault();
    (at === 0 ? box : options[at - 1]).focus();
  } else if (event.key === "Escape") {
    pickerClose(picker);
    box.focus();
  } else if (event.key === "Enter" && event.target === box && options.length) {
    // Enter in the box takes the first match rather than sending a half-filled form.
    event.preventDefault();
    pickerChoose(options[0]);
  }
});
