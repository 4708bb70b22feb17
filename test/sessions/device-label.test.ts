import { deviceLabel, userAgentFamily } from '../../src/sessions/device-label';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const CHROME_WINDOWS_NEXT = CHROME_WINDOWS.replace('Chrome/120.0.0.0', 'Chrome/121.0.6167.85');
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

describe('device label', () => {
  test.each([
    [CHROME_WINDOWS, 'Chrome 120 on Windows 10'],
    [FIREFOX_LINUX, 'Firefox 128 on Linux'],
    [SAFARI_IPHONE, 'Safari 17 on iOS 17.1'],
    ['curl/8.5.0', 'curl 8'],
    ['', 'Unknown device'],
    [undefined, 'Unknown device'],
    ['%%%', 'Unknown device'],
    ['x'.repeat(5000), 'Unknown device'],
  ])('%j reads as %j', (userAgent, label) => {
    expect(deviceLabel(userAgent)).toBe(label);
  });

  test('the binding family ignores versions but tells browsers and systems apart', () => {
    expect(userAgentFamily(CHROME_WINDOWS)).toBe(userAgentFamily(CHROME_WINDOWS_NEXT));
    expect(userAgentFamily(CHROME_WINDOWS)).toBe('Chrome on Windows');
    expect(userAgentFamily(FIREFOX_LINUX)).not.toBe(userAgentFamily(CHROME_WINDOWS));
    expect(userAgentFamily('curl/8.5.0')).toBe(userAgentFamily('curl/8.6.0'));
    expect(userAgentFamily('curl/8.5.0')).not.toBe(userAgentFamily(CHROME_WINDOWS));
  });
});
