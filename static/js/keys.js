// On-screen keys for a kiosk with no keyboard (layouts: kiosk/keypad.py, markup:
// templates/_macros/keys.html). A keypad types into the field named by its data-for, else into
// its form's [data-keypad-input]. Fields marked data-keys share one dock of keypads at the foot
// of the screen. A pinyin keypad offers the characters for the letters at the end of the field
// (the station serves them: /keys/pinyin). An ID card reader in keyboard-wedge mode "types" the
// number and Enter faster than any person: that burst fills the ID field.
(function () {
  "use strict";
  const PAGE = 10; // candidates shown at once: one row on the kiosk
  const BURST_GAP_MS = 200; // a card reader types a key every few ms
  const BURST_MS = 1000;
  const ID_NUMBER = /^\d{17}[\dXx]$/;
  const PINYIN_RUN = /[a-z]+$/;
  const dock = document.querySelector("[data-keys-dock]");
  let docked = null; // the field the dock's keys type into

  function fieldOf(pad) {
    if (pad.dataset.for) return document.getElementById(pad.dataset.for);
    const form = pad.closest("form");
    return form && form.querySelector("[data-keypad-input]");
  }

  function changed(input) {
    input.dispatchEvent(new Event("input", { bubbles: true }));
    if (dock && !dock.hidden && input === docked) echo(input);
  }

  function press(pad, key, input) {
    const value = key.dataset.key;
    if (value === "shift") {
      const on = !pad.classList.contains("shifted");
      pad.classList.toggle("shifted", on);
      key.setAttribute("aria-pressed", String(on));
      return;
    }
    if (value === "back") input.value = input.value.slice(0, -1);
    else if (value === "clear") input.value = "";
    else {
      const shifted = pad.classList.contains("shifted") && key.dataset.shift;
      const text = shifted ? key.dataset.shift : value === "space" ? " " : value;
      if (input.maxLength < 0 || input.value.length + text.length <= input.maxLength) {
        input.value += text;
      }
      if (pad.classList.contains("shifted")) press(pad, pad.querySelector('[data-key="shift"]'), input);
    }
    changed(input);
    if (pad.dataset.pinyinUrl) offer(pad, input);
  }

  // Pinyin: the letters at the end of the field, and the characters for their first syllable.
  function offer(pad, input) {
    const box = pad.querySelector("[data-candidates]");
    const run = (input.value.match(PINYIN_RUN) || [""])[0];
    box.replaceChildren();
    if (!run) return;
    const url = pad.dataset.pinyinUrl + "?syllable=" + encodeURIComponent(run);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (found) {
        // The person may have typed on meanwhile: only the answer for what is there now counts.
        if (!found || (input.value.match(PINYIN_RUN) || [""])[0] !== run) return;
        show(box, found, 0);
      })
      .catch(function () { /* no characters offered: the letters stay as typed */ });
  }

  function show(box, found, start) {
    box.replaceChildren();
    found.candidates.slice(start, start + PAGE).forEach(function (character) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "candidate";
      button.lang = "zh-Hans";
      button.textContent = character;
      button.dataset.candidate = character;
      button.dataset.syllable = found.syllable;
      box.append(button);
    });
    if (found.candidates.length > PAGE) {
      const more = document.createElement("button");
      more.type = "button";
      more.className = "candidate candidate-more";
      more.textContent = start + PAGE < found.candidates.length ? "▶" : "↺";
      more.addEventListener("click", function () {
        const next = start + PAGE < found.candidates.length ? start + PAGE : 0;
        show(box, found, next);
      });
      box.append(more);
    }
  }

  function choose(pad, candidate, input) {
    const run = (input.value.match(PINYIN_RUN) || [""])[0];
    const syllable = candidate.dataset.syllable;
    if (!run.startsWith(syllable)) return;
    input.value = input.value.slice(0, input.value.length - run.length) + candidate.dataset.candidate
      + run.slice(syllable.length);
    changed(input);
    offer(pad, input);
  }

  document.addEventListener("click", function (event) {
    const pad = event.target.closest(".keypad");
    const input = pad && fieldOf(pad);
    if (!input) return;
    const candidate = event.target.closest("[data-candidate]");
    const key = event.target.closest("[data-key]");
    if (!candidate && !key) return;
    event.preventDefault();
    if (candidate) choose(pad, candidate, input);
    else press(pad, key, input);
  });

  // The search page: Latin letters and pinyin, or Mongolian letters.
  const switcher = document.querySelector("[data-keys-switch]");
  if (switcher) {
    switcher.hidden = false;
    switcher.addEventListener("click", function (event) {
      const choice = event.target.closest("[data-show-layout]");
      if (!choice) return;
      const form = switcher.closest("form");
      form.querySelectorAll(".keypad").forEach(function (pad) {
        pad.hidden = pad.dataset.layout !== choice.dataset.showLayout;
      });
      switcher.querySelectorAll("[data-show-layout]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button === choice));
      });
    });
  }

  // The dock: the keys of the field tapped, and what that field holds so far.
  function echo(input) {
    const out = dock.querySelector("[data-keys-echo]");
    out.textContent = input.value;
    out.lang = input.lang || "";
  }

  function openDock(input) {
    dock.querySelectorAll(".keypad").forEach(function (pad) {
      pad.hidden = pad.dataset.layout !== input.dataset.keys;
      if (!pad.hidden) {
        pad.dataset.for = input.id;
        if (pad.dataset.pinyinUrl) offer(pad, input);
      }
    });
    const label = document.querySelector('label[for="' + input.id + '"]');
    dock.querySelector("[data-keys-echo-label]").textContent = label ? label.textContent : "";
    echo(input);
    docked = input;
    dock.hidden = false;
    document.body.classList.add("keys-open");
    input.scrollIntoView({ block: "center", inline: "center" });
  }

  // The room made below the form stays: taking it away under a finger on its way to a button
  // would move the button before the tap ends.
  function closeDock() {
    dock.hidden = true;
  }

  if (dock) {
    ["focusin", "click"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        const input = event.target.closest("[data-keys]");
        if (input) openDock(input);
        else if (event.target.closest("[data-keys-done]")) closeDock();
        else if (name === "focusin" && !dock.contains(event.target)) closeDock();
      });
    });
  }

  // Keyboard-wedge card readers: 18 characters and Enter within a second, no key more than a
  // fifth of a second after the last. The fastest person needs two seconds for 18 keys. On a
  // page with no ID field (the search) the number is dropped: it must never reach an address.
  const reader = document.querySelector("[data-wedge-into]");
  const idField = reader && document.getElementById(reader.dataset.wedgeInto);
  let typed = []; // the keys of the current burst: {key, at, into, before}
  document.addEventListener("keydown", function (event) {
    const last = typed[typed.length - 1];
    if (last && event.timeStamp - last.at > BURST_GAP_MS) typed = [];
    if (event.key === "Enter") {
      const tail = typed.slice(-18);
      const number = tail.map(function (k) { return k.key; }).join("");
      if (ID_NUMBER.test(number) && event.timeStamp - tail[0].at <= BURST_MS) {
        event.preventDefault(); // the Enter must not send the form with the number in it
        fromCard(number.toUpperCase(), tail[0]);
      }
      typed = [];
      return;
    }
    if (event.key.length !== 1) return;
    const into = event.target;
    typed.push({ key: event.key, at: event.timeStamp, into: into, before: "value" in into ? into.value : null });
  }, true);

  function fromCard(number, first) {
    // The reader typed into whatever had the focus: put that field back as it was.
    if (first.into !== idField && first.before !== null) {
      first.into.value = first.before;
      changed(first.into);
    }
    if (!idField) return;
    idField.value = number;
    changed(idField);
    if (dock) closeDock(); // the person now checks the form
    const read = document.querySelector("[data-card-read]");
    if (read) read.hidden = false;
    (read || idField).scrollIntoView({ block: "center", inline: "center" });
  }
})();
