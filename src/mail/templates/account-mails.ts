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
