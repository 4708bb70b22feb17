import { useSyncExternalStore, type MouseEvent } from 'react';

// A tiny History API router: the app has a handful of pages, so a path, a link and a back button are all it
// needs (no router dependency). The dev server and the e2e app server answer index.html for any path.

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The current path (no query string: pages that need one read `location.search` themselves). */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
}

/**
 * For `<a href onClick={followLink}>`: a plain left click navigates in the app; a modified click (new tab,
 * new window) is left to the browser, which loads the same path from the server.
 */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(new URL(event.currentTarget.href).pathname);
}
