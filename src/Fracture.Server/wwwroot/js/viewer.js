// Zoom and pan of the image and its overlay together (one CSS transform on their common stage), and
// brightness/contrast on the image only (the overlay keeps its colours).

const MIN_SCALE = 0.05;
const MAX_SCALE = 40;
const STEP = 1.25;

export class Viewer {
  constructor({ viewport, stage, image, onZoom }) {
    this.viewport = viewport;
    this.stage = stage;
    this.image = image;
    this.onZoom = onZoom ?? (() => {});
    this.width = 0;
    this.height = 0;
    this.scale = 1;
    this.x = 0;
    this.y = 0;
    this.drag = null;
    this.fitted = true;
    this.brightness = 100;
    this.contrast = 100;
    this.bindPointer();
    this.bindKeys();
    new ResizeObserver(() => { if (this.width && this.fitted) this.fit(); }).observe(viewport);
  }

  /** Shows a new image of the given pixel size, fitted to the viewport. */
  show(width, height) {
    this.width = width;
    this.height = height;
    this.stage.style.width = `${width}px`;
    this.stage.style.height = `${height}px`;
    this.stage.hidden = false;
    this.fit();
  }

  fit() {
    if (!this.width) return;
    const bounds = this.viewport.getBoundingClientRect();
    const scale = Math.min(bounds.width / this.width, bounds.height / this.height) || 1;
    this.scale = clamp(scale, MIN_SCALE, MAX_SCALE);
    this.x = (bounds.width - this.width * this.scale) / 2;
    this.y = (bounds.height - this.height * this.scale) / 2;
    this.fitted = true;
    this.apply();
  }

  /** Zooms by a factor keeping the viewport point (px, py) fixed; the centre when not given. */
  zoomBy(factor, px, py) {
    if (!this.width) return;
    const bounds = this.viewport.getBoundingClientRect();
    const cx = px ?? bounds.width / 2;
    const cy = py ?? bounds.height / 2;
    const scale = clamp(this.scale * factor, MIN_SCALE, MAX_SCALE);
    const applied = scale / this.scale;
    this.x = cx - (cx - this.x) * applied;
    this.y = cy - (cy - this.y) * applied;
    this.scale = scale;
    this.fitted = false;
    this.apply();
  }

  zoomIn() { this.zoomBy(STEP); }

  zoomOut() { this.zoomBy(1 / STEP); }

  panBy(dx, dy) {
    this.x += dx;
    this.y += dy;
    this.fitted = false;
    this.apply();
  }

  /** Brightness and contrast in percent (100 = unchanged). */
  setTone(brightness, contrast) {
    this.brightness = brightness;
    this.contrast = contrast;
    this.image.style.filter = toneFilter(brightness, contrast);
  }

  apply() {
    this.stage.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    this.onZoom(this.scale);
  }

  bindPointer() {
    const viewport = this.viewport;
    viewport.addEventListener('wheel', (event) => {
      if (!this.width) return;
      event.preventDefault();
      const bounds = viewport.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * 0.0015);
      this.zoomBy(factor, event.clientX - bounds.left, event.clientY - bounds.top);
    }, { passive: false });
    viewport.addEventListener('pointerdown', (event) => {
      if (!this.width || event.button !== 0) return;
      this.drag = { id: event.pointerId, x: event.clientX, y: event.clientY };
      viewport.setPointerCapture(event.pointerId);
      viewport.classList.add('panning');
    });
    viewport.addEventListener('pointermove', (event) => {
      if (!this.drag || this.drag.id !== event.pointerId) return;
      this.panBy(event.clientX - this.drag.x, event.clientY - this.drag.y);
      this.drag.x = event.clientX;
      this.drag.y = event.clientY;
    });
    const end = (event) => {
      if (!this.drag || this.drag.id !== event.pointerId) return;
      this.drag = null;
      viewport.classList.remove('panning');
    };
    viewport.addEventListener('pointerup', end);
    viewport.addEventListener('pointercancel', end);
    viewport.addEventListener('dblclick', () => this.fit());
  }

  // Keyboard users get the same controls: +/- zoom, arrows pan, 0 resets.
  bindKeys() {
    this.viewport.addEventListener('keydown', (event) => {
      const pan = 40;
      const actions = {
        '+': () => this.zoomIn(), '=': () => this.zoomIn(), '-': () => this.zoomOut(), '0': () => this.fit(),
        ArrowLeft: () => this.panBy(pan, 0), ArrowRight: () => this.panBy(-pan, 0),
        ArrowUp: () => this.panBy(0, pan), ArrowDown: () => this.panBy(0, -pan),
      };
      const action = actions[event.key];
      if (action && this.width) {
        event.preventDefault();
        action();
      }
    });
  }
}

export function toneFilter(brightness, contrast) {
  return `brightness(${brightness}%) contrast(${contrast}%)`;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}
