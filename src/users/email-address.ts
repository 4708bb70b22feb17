import { domainToASCII } from 'node:url';

export const EMAIL_MAX_LENGTH = 254;

/**
 * Characters no one types on purpose in an address, which let one mailbox look like several (or hide
 * where an address ends): control and format characters (zero-width joiners, BOM, soft hyphen…), other
 * default-ignorable ones (Hangul fillers, variation selectors), bidirectional controls, lone surrogates,
 * and unassigned code points (whose normal form a later Unicode version may change).
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;
const DOMAIN_LABEL = /^[a-z0-9_-]{1,63}$/;

const INVALID = 'Email must be a valid address such as ada@example.com';

export type EmailCheck = { ok: true; email: string } | { ok: false; problem: string };

/**
 * The one form an address is stored and looked up in, so one mailbox is one account: NFKC (full-width and
 * compatibility forms fold to plain ones), lower case, the domain in its ASCII (punycode) form without a
 * trailing dot. Refuses what cannot be told apart by eye, and quoted local parts.
 */
export function checkEmail(input: string): EmailCheck {
  const trimmed = input.trim();
  const folded = trimmed.normalize('NFKC').toLowerCase().normalize('NFKC');
  if (INVISIBLE_OR_CONTROL.test(trimmed) || INVISIBLE_OR_CONTROL.test(folded)) {
    return refuse('Email must not contain control, invisible (zero-width) or bidirectional characters');
  }
  if (folded.includes('"')) return refuse('Email must not have a quoted local part such as "ada"@example.com');
  const at = folded.lastIndexOf('@');
  const local = folded.slice(0, at);
  if (at <= 0 || local.includes('@') || /\s/u.test(folded)) return refuse(INVALID);

  const domain = asciiDomain(folded.slice(at + 1));
  if (!domain) return refuse(INVALID);
  const email = `${local}@${domain}`;
  if (email.length > EMAIL_MAX_LENGTH) return refuse(`Email must be at most ${EMAIL_MAX_LENGTH} characters long`);
  return { ok: true, email };
}

/** The domain in ASCII without one trailing dot, or undefined when it is not a dotted host name. */
function asciiDomain(domain: string): string | undefined {
  const ascii = domainToASCII(domain.endsWith('.') ? domain.slice(0, -1) : domain);
  const labels = ascii.split('.');
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) ? ascii : undefined;
}

const refuse = (problem: string): EmailCheck => ({ ok: false, problem });

/**
 * The normal form for keys (rate-limit counters) and comparisons: never throws; input that checkEmail
 * refuses gets a best-effort fold, as it can never match an account anyway.
 */
export function normalizeEmail(input: string): string {
  const checked = checkEmail(input);
  return checked.ok ? checked.email : input.trim().normalize('NFKC').toLowerCase();
}

/**
 * The form accounts registered before these rules were stored in (trimmed, lower-cased): lookups fall back
 * to it, so those accounts keep signing in. `npm run admin -- check-emails` lists the accounts stored so.
 */
export const legacyEmailForm = (input: string): string => input.trim().toLowerCase();
