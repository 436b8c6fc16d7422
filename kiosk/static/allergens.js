// Tapping an allergen pictogram reads its name aloud in the diner's language with the tablet's own
// speech synthesis (window.speechSynthesis, nothing sent anywhere). A tablet with no voice for that
// language shows the name large instead. Without JavaScript the names are written under the pictures.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var voicesReady = false;

  function base(code) {
    return (code || "").toLowerCase().replace("_", "-").split("-")[0];
  }

  function voiceFor(lang) {
    if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") return null;
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (base(voices[i].lang) === base(lang)) return voices[i];
    }
    return null;
  }

  // Some browsers load their voices after the page: wait for them briefly at the first tap.
  function withVoices(then) {
    if (!synth || voicesReady || (synth.getVoices() || []).length) {
      voicesReady = true;
      then();
      return;
    }
    var done = false;
    function go() {
      if (done) return;
      done = true;
      voicesReady = true;
      then();
    }
    synth.addEventListener("voiceschanged", go, { once: true });
    window.setTimeout(go, 500);
  }

  function showLarge(button, name, lang) {
    var dialog = document.getElementById("say-big");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var text = dialog.querySelector(".say-big-name");
    text.textContent = name;
    text.setAttribute("lang", lang);
    var use = dialog.querySelector("use");
    if (use) use.setAttribute("href", button.getAttribute("data-sprite") || "");
    dialog.showModal();
  }

  function say(button) {
    var name = button.getAttribute("data-say") || "";
    var lang = button.getAttribute("lang") || document.documentElement.lang;
    withVoices(function () {
      var voice = voiceFor(lang);
      if (!voice) {
        showLarge(button, name, lang);
        return;
      }
      synth.cancel();
      var utterance = new window.SpeechSynthesisUtterance(name);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      button.classList.add("speaking");
      utterance.onend = utterance.onerror = function () {
        button.classList.remove("speaking");
      };
      synth.speak(utterance);
    });
  }

  if (synth) synth.getVoices();
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.pictogram");
    if (button) say(button);
    var dialog = document.getElementById("say-big");
    if (dialog && event.target === dialog) dialog.close(); // a tap beside the name closes it
  });
})();
