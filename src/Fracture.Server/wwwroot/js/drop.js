// The upload's inputs: the file chooser, and a file dropped anywhere on the page (instead of the browser navigating
// to it). Both are ignored while the chooser is disabled (an upload runs).

export function bindUpload({ fileInput, dropZone, onFile, onError }) {
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    onFile(file);
    fileInput.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    window.addEventListener(type, (event) => {
      event.preventDefault();
      if (!fileInput.disabled) dropZone.classList.add('dragging');
    });
  }
  window.addEventListener('dragleave', (event) => {
    if (!event.relatedTarget) dropZone.classList.remove('dragging');
  });
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    if (fileInput.disabled) return;
    const files = event.dataTransfer?.files;
    if (files && files.length > 1) onError(new Error('Drop one file at a time.'));
    else onFile(files?.[0]);
  });
}
