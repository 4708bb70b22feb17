// Measurements of the rendered app for the look-and-access flow: what a user (or a screen reader) meets.

import { assert, assertEqual } from '../support/reporter.mjs';
import { DESKTOP, PHONE } from './ui.mjs';

/**
 * Every visible text whose colour is below WCAG AA against the background it is drawn on (4.5:1, 3:1 for large
 * text), as "TAG "text" ratio" lines. The background is the nearest opaque one up the tree (the app uses no
 * translucent or image backgrounds under text). Disabled controls are exempt in WCAG but are measured anyway.
 */
export const contrastFailures = (page) =>
  page.evaluate(() => {
    const parse = (colour) => {
      const parts = colour.match(/[\d.]+/g)?.map(Number) ?? [];
      return { rgb: parts.slice(0, 3), alpha: parts.length > 3 ? parts[3] : 1 };
    };
    const luminance = (rgb) => {
      const [r, g, b] = rgb.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const backgroundOf = (element) => {
      for (let node = element; node; node = node.parentElement) {
        const { rgb, alpha } = parse(getComputedStyle(node).backgroundColor);
        if (alpha > 0) return rgb;
      }
      return [255, 255, 255];
    };
    const failures = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const element = walker.currentNode.parentElement;
      const text = walker.currentNode.textContent.trim();
      if (!text || !element || seen.has(element)) continue;
      seen.add(element);
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      // Off-screen (the skip link until focused), clipped to nothing (visually hidden) or invisible: not seen.
      if (rect.width <= 1 || rect.height <= 1 || rect.bottom < 0 || rect.right < 0 || style.visibility === 'hidden') continue;
      const background = backgroundOf(element);
      const { rgb, alpha } = parse(style.color);
      const foreground = rgb.map((v, i) => v * alpha + background[i] * (1 - alpha));
      const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
      if (ratio < (large ? 3 : 4.5)) failures.push(`${element.tagName} "${text.slice(0, 40)}" ${ratio.toFixed(2)}:1`);
    }
    return failures;
  });

/**
 * How the focused element is drawn: whether it matches :focus-visible, its computed outline, and the contrast
 * of the outline's colour with the background it is drawn on (the parent's: the ring sits outside the element).
 */
export const focusedStyle = (page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const rgbOf = (colour) => colour.match(/[\d.]+/g).map(Number);
    const luminance = (rgb) => {
      const [r, g, b] = rgb.slice(0, 3).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let background = [255, 255, 255];
    for (let node = element.parentElement; node; node = node.parentElement) {
      const rgba = rgbOf(getComputedStyle(node).backgroundColor);
      if (rgba.length === 3 || rgba[3] > 0) {
        background = rgba;
        break;
      }
    }
    const [light, dark] = [luminance(rgbOf(style.outlineColor)), luminance(background)].sort((a, b) => b - a);
    return {
      outlineContrast: (light + 0.05) / (dark + 0.05),
      tag: element.tagName,
      name: element.getAttribute('name') ?? element.textContent.trim(),
      focusVisible: element.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outlineColor: style.outlineColor,
    };
  });

/** Wider than the viewport: the page scrolls sideways (a phone layout that does not fit). */
export const overflowsSideways = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** The boxes of a form's input and of its error message, to see where the message is drawn. */
export async function boxesOf(form, name) {
  const input = await form.locator(`input[name="${name}"]`).boundingBox();
  const error = await form.getByTestId(`${name}-error`).boundingBox();
  return { input, error };
}

/** Every text reaches AA contrast, and at the phone width nothing scrolls sideways. */
export async function assertPageLooksRight(page, what) {
  const failures = await contrastFailures(page);
  assert(failures.length === 0, `${what}: text below WCAG AA contrast: ${failures.join('; ')}`);
  await page.setViewportSize(PHONE);
  try {
    assertEqual(await overflowsSideways(page), false, `${what} wider than the phone`);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}
