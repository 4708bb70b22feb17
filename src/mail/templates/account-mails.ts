import { describeDuration, render, type RenderedMail } from './layout';

/**
 * Every mail the service sends, one small template each. `product` is MAIL_PRODUCT_NAME; links are built by
 * the caller from APP_URL, never from a request.
 */
export interface LinkMail {
  product: string;
  url: string;
  ttlSeconds: number;
}

export const verifyEmailMail = ({ product, url, ttlSeconds }: LinkMail): RenderedMail =>
  render({
    subject: `Confirm your email address for ${product}`,
    paragraphs: [`Please confirm that this address belongs to your ${product} account.`, `The link works once, for ${describeDuration(ttlSeconds)}.`],
    action: { label: 'Confirm my email address', url },
    footer: `If you did not create a ${product} account, ignore this mail: nothing happens without the link.`,
  });

export const passwordResetMail = ({ product, url, ttlSeconds }: LinkMail): RenderedMail =>
  render({
    subject: `Reset your ${product} password`,
    paragraphs: [
      `Someone (hopefully you) asked to reset the password of your ${product} account.`,
      `The link works once, for ${describeDuration(ttlSeconds)}. Resetting signs you out everywhere.`,
    ],
    action: { label: 'Choose a new password', url },
    footer: 'If you did not ask for this, ignore this mail: your password stays as it is.',
  });

export const emailChangeConfirmMail = ({ product, url, ttlSeconds }: LinkMail): RenderedMail =>
  render({
    subject: `Confirm your new email address for ${product}`,
    paragraphs: [
      `Someone asked to move a ${product} account to this address.`,
      `The link works once, for ${describeDuration(ttlSeconds)}. Once confirmed, this address signs in to the account.`,
    ],
    action: { label: 'Confirm the new address', url },
    footer: 'If you did not ask for this, ignore this mail: nothing changes without the link.',
  });

export const emailChangeRequestedMail = ({ product, newEmail }: { product: string; newEmail: string }): RenderedMail =>
  render({
    subject: `An email change was requested for your ${product} account`,
    paragraphs: [
      `Someone signed in to your ${product} account asked to change its address to ${newEmail}.`,
      'Nothing changes until the link sent to the new address is opened.',
    ],
    footer: 'If this was not you, change your password now: someone knows it.',
  });

export const emailChangedMail = ({ product, newEmail }: { product: string; newEmail: string }): RenderedMail =>
  render({
    subject: `The email address of your ${product} account was changed`,
    paragraphs: [
      `The address of your ${product} account is now ${newEmail}; this address no longer signs in.`,
      'Every other session of the account was signed out.',
    ],
    footer: 'If this was not you, contact support at once: reply to this mail.',
  });

export const passwordChangedMail = ({ product, how }: { product: string; how: 'changed' | 'reset' }): RenderedMail =>
  render({
    subject: `Your ${product} password was ${how}`,
    paragraphs: [
      how === 'reset'
        ? `The password of your ${product} account was reset with a link sent to this address.`
        : `The password of your ${product} account was changed.`,
      'Other sessions of the account were signed out.',
    ],
    footer: 'If this was not you, reset your password now and check the account.',
  });

export interface NewDeviceDetails {
  /** The device label, as the sessions list shows it ("Firefox 128 on Linux"). */
  device: string;
  /** The /24 or /48 network of the client address ("203.0.113.0/24"), or "unknown". */
  network: string;
  at: Date;
}

/** "2026-11-30 10:24 UTC": one time zone for every reader, named. */
const utcMinute = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const newDeviceMail = ({ product, device, network, at }: { product: string } & NewDeviceDetails): RenderedMail =>
  render({
    subject: `New sign-in to your ${product} account`,
    paragraphs: [
      `Your ${product} account was signed in to from a device and network it has not used in the last 90 days.`,
      `Device: ${device}`,
      `Network: ${network === 'unknown' ? 'unknown' : network}`,
      `Time: ${utcMinute(at)}`,
    ],
    footer: 'If this was you, nothing to do. If not, change your password now and end that session in your list of sessions.',
  });

export const secondFactorChangedMail = ({ product, change }: { product: string; change: 'enabled' | 'disabled' }): RenderedMail =>
  render({
    subject: `Two-factor authentication was turned ${change === 'enabled' ? 'on' : 'off'} for your ${product} account`,
    paragraphs: change === 'enabled'
      ? [
        `Two-factor authentication is now on for your ${product} account: signing in needs a code from the authenticator app.`,
        'Keep the recovery codes somewhere safe. Every other session of the account was signed out.',
      ]
      : [
        `Two-factor authentication is now off for your ${product} account: the password alone signs in.`,
        'Every other session of the account was signed out.',
      ],
    footer: 'If this was not you, change your password now and turn two-factor authentication back on.',
  });
