// A phone's photo is 3–8 MB; a caravan's link is slow. Before the form is sent, a chosen photo
// is redrawn at most data-shrink-photo pixels each way as a JPEG (which also drops its
// metadata). Without this script, or where the browser cannot, the photo goes as it is and
// the station shrinks it (kiosk/gigs/licence.py).
(function () {
  "use strict";

  async function shrink(input) {
    const file = input.files && input.files[0];
    const longest = Number(input.dataset.shrinkPhoto);
    if (!file || !file.type.startsWith("image/") || !window.createImageBitmap || !window.DataTransfer) return;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (e) {
      return; // not a picture this browser reads: the station will say so
    }
    const scale = Math.min(1, longest / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", 0.85));
    if (!blob || blob.size >= file.size) return;
    const files = new DataTransfer();
    files.items.add(new File([blob], "licence.jpg", { type: "image/jpeg" }));
    input.files = files.files;
  }

  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.dataset.shrinkPhoto) {
      const said = input.parentElement.querySelector(".photo-chosen");
      if (said) said.textContent = input.files.length ? input.dataset.chosen : "";
      input.dataset.shrinking = "1";
      shrink(input).finally(() => delete input.dataset.shrinking);
    }
  });
})();
