/**
 * The API token: entered once, kept in this tab's sessionStorage (gone when the tab closes), sent
 * only as an Authorization header. It never goes in a URL, a log line or the page's text.
 */
const KEY = 'ripcord.token';

export function storedToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
